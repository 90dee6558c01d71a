//! Small numbers protect people: in a printed or exported report, a count
//! of people from 1 to `min − 1` in a cross-table is not printed but shown
//! as "< min", so that nobody in a small community is recognisable from a
//! report (issue 20, point 4). 0 stays 0: nobody is in it. The screen
//! shows staff the exact figures; only documents that leave the house go
//! through this rule.
//!
//! Secondary suppression (decided here): every table about people is
//! treated as if its total were printed (most are: loans per month add up
//! to the loans of the period, which the report prints), so the hidden
//! cells of a column together are known: the total minus the others. A
//! reader knows that a "< 3" is 0, 1 or 2 and that a withheld cell ("•")
//! is at least 3. A hidden count is given away when these bounds and the
//! known sum leave it one value only: a single hidden cell, two "< 3"
//! summing to 4 (both 2), or "•" and "< 3" summing to 4 (3 and 1). As long
//! as one is, the smallest other cell of the column is hidden too: a 0 as
//! "< 3" (true: nobody is fewer than 3), a larger count as "•". When every
//! cell is hidden and a count can still be worked out, nothing more can
//! be hidden in the column; a total of 1 to `min − 1` is itself hidden
//! ([`hidden`] applies to totals of people as well), so the sum is then
//! not known and nothing more is needed. The change between the periods
//! is not printed where either cell is hidden: it would reveal the hidden
//! one.

/// Whether `count` is hidden under the minimum `min`: 1 ≤ count < min.
/// With `min` 1 nothing is hidden.
pub fn hidden(count: u32, min: u32) -> bool {
    count >= 1 && count < min
}

/// Whether a count from 1 to `min − 1` among the hidden cells of
/// `counts` can be worked out from their sum: the values a reader can
/// give it, from the bounds of the others ("< min": 0 to `min − 1`; "•":
/// `min` up to the sum), are a single one.
fn given_away(counts: &[u32], hide: &[bool], min: u32) -> bool {
    let sum: u32 = counts
        .iter()
        .zip(hide)
        .filter(|(_, h)| **h)
        .map(|(n, _)| n)
        .sum();
    let bounds = |n: u32| {
        if n < min {
            (0, min - 1)
        } else {
            (min, sum)
        }
    };
    let (low, high) =
        counts
            .iter()
            .zip(hide)
            .filter(|(_, h)| **h)
            .fold((0u32, 0u32), |(l, h), (&n, _)| {
                let (a, b) = bounds(n);
                (l + a, h.saturating_add(b))
            });
    counts.iter().zip(hide).any(|(&n, &h)| {
        if !h || !hidden(n, min) {
            return false;
        }
        let (a, b) = bounds(n);
        // The others' bounds without this cell's.
        let (others_low, others_high) = (low - a, high - b);
        let least = a.max(sum.saturating_sub(others_high));
        let most = b.min(sum.saturating_sub(others_low));
        least >= most
    })
}

/// Which cells of one column of a table about people are hidden: first
/// every count from 1 to `min − 1`; then, as long as one of them could be
/// worked out from the column's total, the smallest other cell (the first
/// of equal ones), a 0 included.
pub fn hidden_cells(counts: &[u32], min: u32) -> Vec<bool> {
    let mut hide: Vec<bool> = counts.iter().map(|&n| hidden(n, min)).collect();
    let total: u32 = counts.iter().sum();
    // A total that is itself hidden does not tell the sum.
    if hidden(total, min) {
        return hide;
    }
    while given_away(counts, &hide, min) {
        let next = counts
            .iter()
            .enumerate()
            .filter(|&(i, _)| !hide[i])
            .min_by_key(|&(i, &n)| (n, i))
            .map(|(i, _)| i);
        match next {
            Some(i) => hide[i] = true,
            None => break,
        }
    }
    hide
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_one_to_below_the_minimum_are_hidden_and_zero_stays() {
        assert!(!hidden(0, 3));
        assert!(hidden(1, 3));
        assert!(hidden(2, 3));
        assert!(!hidden(3, 3));
        assert!(!hidden(1, 1), "a minimum of 1 hides nothing");
    }

    #[test]
    fn a_hidden_cell_that_could_be_worked_out_takes_the_next_smallest_with_it() {
        assert_eq!(
            hidden_cells(&[10, 1, 9, 7, 4], 3),
            vec![false, true, false, false, true],
            "alone, the 1 would be the total minus the others"
        );
        assert_eq!(
            hidden_cells(&[10, 1, 0, 7, 4], 3),
            vec![false, true, true, false, false],
            "a 0 is the smallest: shown as \"< 3\" too, the two sum to 1"
        );
        assert_eq!(
            hidden_cells(&[1, 2, 9], 3),
            vec![true, true, false],
            "two hidden cells summing to 3: 1 and 2 or 2 and 1"
        );
        assert_eq!(
            hidden_cells(&[1, 1, 50], 3),
            vec![true, true, false],
            "summing to 2: 1 and 1, 2 and 0 or 0 and 2"
        );
        assert_eq!(
            hidden_cells(&[2, 2, 9, 0], 3),
            vec![true, true, false, true],
            "two \"< 3\" summing to 4 are both 2: the 0 goes too"
        );
        assert_eq!(
            hidden_cells(&[3, 0, 1, 0], 3),
            vec![false, true, true, false],
            "the 1 alone would be given away by the total 4"
        );
        assert_eq!(
            hidden_cells(&[3, 1], 3),
            vec![true, true],
            "\"•\" and \"< 3\" summing to 4 leave 3 and 1 or 4 and 0"
        );
        assert_eq!(
            hidden_cells(&[2, 8, 2, 2, 6], 3),
            vec![true, false, true, true, true],
            "three summing to 6 are all 2: the 6 goes too"
        );
        assert_eq!(
            hidden_cells(&[3, 1, 4, 1, 20], 5),
            vec![true, true, true, true, false],
            "under 5, four hidden cells summing to 9 leave more than one way"
        );
        assert_eq!(
            hidden_cells(&[0, 2, 0], 3),
            vec![false, true, false],
            "a total of 2 is hidden itself"
        );
        assert_eq!(
            hidden_cells(&[2, 2], 3),
            vec![true, true],
            "nothing more to hide: every cell is"
        );
        assert_eq!(hidden_cells(&[5, 1], 1), vec![false, false]);
    }

    /// Every column of up to three cells with counts up to 6: no count
    /// from 1 to 2 is left that a reader could work out from the total,
    /// unless every cell is hidden already or the total is hidden itself.
    /// The reader's alternatives are counted out: every column that looks
    /// the same ("< 3" for 0 to 2, "•" for 3 or more, any size) and has
    /// the same total.
    #[test]
    fn no_small_count_can_be_worked_out_from_the_total() {
        let min = 3;
        let column = |code: u32, cells: u32, base: u32| -> Vec<u32> {
            (0..cells).map(|i| (code / base.pow(i)) % base).collect()
        };
        for cells in 1..=3u32 {
            for code in 0..7u32.pow(cells) {
                let counts = column(code, cells, 7);
                let hide = hidden_cells(&counts, min);
                let total: u32 = counts.iter().sum();
                if hidden(total, min) || hide.iter().all(|h| *h) {
                    continue;
                }
                let base = total + 1;
                let mut possible = vec![std::collections::BTreeSet::new(); counts.len()];
                for other in 0..base.pow(cells) {
                    let alt = column(other, cells, base);
                    let same_look = alt.iter().zip(&counts).zip(&hide).all(|((a, c), h)| {
                        if *h {
                            (*a < min) == (*c < min)
                        } else {
                            a == c
                        }
                    });
                    if same_look && alt.iter().sum::<u32>() == total {
                        for (i, a) in alt.iter().enumerate() {
                            possible[i].insert(*a);
                        }
                    }
                }
                for (i, &n) in counts.iter().enumerate() {
                    if hide[i] && hidden(n, min) {
                        assert!(
                            possible[i].len() > 1,
                            "{counts:?} shown as {hide:?}: cell {i} can only be {:?}",
                            possible[i]
                        );
                    }
                }
            }
        }
    }
}

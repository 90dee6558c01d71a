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
//! reader also knows that each "< 3" is 1 or 2. Where that pins every
//! hidden cell down — a single one, or several whose sum leaves only one
//! way (three cells summing to 3 are all 1, summing to 6 all 2) — the
//! smallest other non-zero count of the column is hidden too. When no other non-zero cell exists the hidden cell is the whole
//! total, and the total is itself a count from 1 to `min − 1`, hidden by
//! the same rule ([`hidden`] applies to totals of people as well). The
//! change between the periods is not printed where either cell is hidden:
//! it would reveal the hidden one.

/// Whether `count` is hidden under the minimum `min`: 1 ≤ count < min.
/// With `min` 1 nothing is hidden.
pub fn hidden(count: u32, min: u32) -> bool {
    count >= 1 && count < min
}

/// Which cells of one column of a table about people are hidden: first
/// every count from 1 to `min − 1`; then, where those hidden cells could
/// be worked out from the total (one alone, or all of them 1 or all of
/// them `min − 1`), the smallest other non-zero count (the first of equal
/// ones) as well.
pub fn hidden_cells(counts: &[u32], min: u32) -> Vec<bool> {
    let mut hide: Vec<bool> = counts.iter().map(|&n| hidden(n, min)).collect();
    let (cells, sum) = counts
        .iter()
        .zip(&hide)
        .filter(|(_, h)| **h)
        .fold((0u32, 0u32), |(k, s), (n, _)| (k + 1, s + n));
    let given_away =
        cells == 1 || (cells > 1 && (sum == cells || sum == cells * min.saturating_sub(1)));
    if given_away {
        let second = counts
            .iter()
            .enumerate()
            .filter(|&(i, &n)| !hide[i] && n > 0)
            .min_by_key(|&(i, &n)| (n, i))
            .map(|(i, _)| i);
        if let Some(i) = second {
            hide[i] = true;
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
    fn a_single_hidden_cell_takes_the_next_smallest_with_it() {
        assert_eq!(
            hidden_cells(&[10, 1, 0, 7, 4], 3),
            vec![false, true, false, false, true]
        );
        assert_eq!(
            hidden_cells(&[1, 2, 9], 3),
            vec![true, true, false],
            "two hidden cells of different counts protect each other"
        );
        assert_eq!(
            hidden_cells(&[1, 1, 50], 3),
            vec![true, true, true],
            "two hidden cells summing to 2 are both 1: the next smallest goes too"
        );
        assert_eq!(
            hidden_cells(&[2, 8, 2, 2, 6], 3),
            vec![true, false, true, true, true],
            "three summing to 6 are all 2"
        );
        assert_eq!(
            hidden_cells(&[3, 1, 4, 1, 20], 5),
            vec![true, true, true, true, false],
            "under 5, four hidden cells summing to 9 leave more than one way"
        );
        assert_eq!(hidden_cells(&[0, 2, 0], 3), vec![false, true, false]);
        assert_eq!(hidden_cells(&[5, 1], 1), vec![false, false]);
    }
}

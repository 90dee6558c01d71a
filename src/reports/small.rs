//! Small numbers protect people: in a printed or exported report, a count
//! of people from 1 to `min − 1` in a cross-table is not printed but shown
//! as "< min", so that nobody in a small community is recognisable from a
//! report (issue 20, point 4). 0 stays 0: nobody is in it. The screen
//! shows staff the exact figures; only documents that leave the house go
//! through this rule.
//!
//! Secondary suppression (decided here): every table about people is
//! treated as if its total were printed (most are: loans per month add up
//! to the loans of the period, which the report prints). A column with
//! exactly one hidden cell would give that cell away as total minus the
//! others, so the smallest other non-zero count of the column is hidden
//! too. When no other non-zero cell exists the hidden cell is the whole
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
/// every count from 1 to `min − 1`, then, where exactly one is hidden, the
/// smallest other non-zero count (the first of equal ones), so that the
/// hidden one cannot be worked out from the total.
pub fn hidden_cells(counts: &[u32], min: u32) -> Vec<bool> {
    let mut hide: Vec<bool> = counts.iter().map(|&n| hidden(n, min)).collect();
    if hide.iter().filter(|&&h| h).count() == 1 {
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
            "two hidden cells protect each other"
        );
        assert_eq!(hidden_cells(&[0, 2, 0], 3), vec![false, true, false]);
        assert_eq!(hidden_cells(&[5, 1], 1), vec![false, false]);
    }
}

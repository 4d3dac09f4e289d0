//! How a check of a concurrency limit judges the peak that the local server counted: the most
//! requests it was answering at once, which no student's code can report for itself.

/// `Ok` if the server's `peak` is exactly `limit`; otherwise why not, for `waiting` things
/// ("12 pages") that `one_by_one` says were handled one after another when the peak is 1
/// ("the pages were fetched").
pub fn judge_peak(
    peak: usize,
    limit: usize,
    waiting: &str,
    one_by_one: &str,
) -> Result<(), String> {
    if peak > limit {
        return Err(format!(
            "the server held {peak} requests at once; the limit was {limit}"
        ));
    }
    if peak == 1 && limit > 1 {
        return Err(format!(
            "the server never held more than 1 request at once: {one_by_one} one after another, \
             while the limit allowed {limit}"
        ));
    }
    if peak < limit {
        return Err(format!(
            "the server never held more than {peak} requests at once, while the limit allowed \
             {limit} and {waiting} were waiting: use the whole limit"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_peak_of_exactly_the_limit_passes() {
        assert_eq!(
            judge_peak(4, 4, "12 pages", "the pages were fetched"),
            Ok(())
        );
        let judged = |peak| judge_peak(peak, 4, "12 pages", "the pages were fetched").unwrap_err();
        assert!(judged(5).contains("held 5 requests at once; the limit was 4"));
        assert!(judged(1).contains("the pages were fetched one after another"));
        assert!(judged(3).contains("allowed 4 and 12 pages were waiting"));
        assert_eq!(
            judge_peak(1, 1, "3 sites", "the sites were checked"),
            Ok(())
        );
    }
}

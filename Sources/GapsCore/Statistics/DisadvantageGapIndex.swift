/// The DfE disadvantage gap index, which compares the rank positions of disadvantaged pupils rather than scores,
/// so it is unaffected by changes to tests or grade scales between years.
public enum DisadvantageGapIndex {
    /// DfE disadvantage gap index (SFR 40/2014, domain.md section 6): rank all pupils on score (ties share the average rank), r = rank / N,
    /// index = 20 * (mean r of others - mean r of disadvantaged). nil when either group is empty.
    ///
    /// Ranks run from 1 (lowest score) to N. Range: 0 when both groups have the same mean rank; exactly 10 when
    /// every disadvantaged pupil scores below every other pupil, whatever the group sizes (mean r of the
    /// disadvantaged is (D+1)/2N, of the others (2D+O+1)/2N, difference (D+O)/2N = 1/2); negative if the
    /// disadvantaged rank higher. Scores must be finite: the caller leaves out pupils without a score.
    public static func index(scores: [(score: Double, disadvantaged: Bool)]) -> Double? {
        let disadvantagedCount = scores.reduce(0) { $0 + ($1.disadvantaged ? 1 : 0) }
        let othersCount = scores.count - disadvantagedCount
        guard disadvantagedCount > 0, othersCount > 0 else { return nil }
        precondition(scores.allSatisfy { $0.score.isFinite }, "gap index scores must be finite")

        let order = scores.indices.sorted { scores[$0].score < scores[$1].score }
        let total = Double(scores.count)
        var disadvantagedRankSum = 0.0
        var othersRankSum = 0.0
        var start = 0
        while start < order.count {
            // A run of tied scores occupies ranks start+1 ... end and each gets their mean.
            var end = start + 1
            while end < order.count && scores[order[end]].score == scores[order[start]].score { end += 1 }
            let sharedRank = Double(start + 1 + end) / 2
            for position in start..<end {
                if scores[order[position]].disadvantaged {
                    disadvantagedRankSum += sharedRank
                } else {
                    othersRankSum += sharedRank
                }
            }
            start = end
        }
        let meanOthers = othersRankSum / Double(othersCount) / total
        let meanDisadvantaged = disadvantagedRankSum / Double(disadvantagedCount) / total
        return 20 * (meanOthers - meanDisadvantaged)
    }
}

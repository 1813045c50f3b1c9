import Foundation

extension PageBuilder {
    /// The years the summary pack's progress section prints **(ours)**: the most recent year and, when nobody at the
    /// place had KS1 results in it (a KS2 year whose KS1 fell in 2020 or 2021, or whose KS1 is not in the data), also
    /// the most recent year in which somebody did. Without the second, a summary pack of 2023/24 would say only that
    /// progress cannot be measured, while the data hold an earlier cohort's progress (in the demo: the 2018/19 KS2
    /// pupils, on their 2014/15 KS1 levels). The full pack prints every year either way.
    static func summaryProgressPeriods(_ byPeriod: [String: [PublishedProgressRecord]]) -> [String] {
        let periods = byPeriod.keys.sorted(by: >)
        guard let latest = periods.first else { return [] }
        // A suppressed count (c) still means some pupils had KS1 results.
        func hasKS1Results(_ period: String) -> Bool {
            (byPeriod[period] ?? []).contains { $0.breakdown == .allPupils && $0.withPriorCount != .number(0) }
        }
        if hasKS1Results(latest) { return [latest] }
        return [latest] + (periods.dropFirst().first(where: hasKS1Results).map { [$0] } ?? [])
    }
}

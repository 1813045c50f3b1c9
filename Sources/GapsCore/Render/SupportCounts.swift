import Foundation

/// How many entitled pupils are receiving support, per school, year, entitlement and group: the entitled pupils of
/// the restricted pupil list whose UPN the provision file lists.
///
/// Only counts leave this type, and `publishedCount` suppresses them as the aggregate stage suppresses its own
/// (`docs/outputs-progress.md`), with the thresholds that run recorded (`ReportParameters`; by default a count of
/// 1 or 2, or a count out of 1 to 5 entitled pupils, shows `c`); zero is shown. Then, because the two groups of a breakdown add up to (or, for sex, nearly to) all pupils, a group's
/// count is also suppressed when the other group's is and the all-pupils count is shown, so that neither can be
/// worked out by subtraction.
struct SupportCounts {
    struct Key: Hashable {
        var urn: String
        var period: String
        /// An entitlement label of `entitlement.csv`, or "Any".
        var entitlement: String
        /// "Total", or a group label ("Disadvantaged", "Boys", ...).
        var group: String
    }

    private var entitled: [Key: Set<String>] = [:]
    private var receiving: [Key: Set<String>] = [:]
    /// Whether a provision file was given: without one, nothing can be said about support.
    let hasProvision: Bool
    /// Whether the pupil list gives every pupil's sex and disadvantage (an older aggregate output does not): without
    /// them, support by group is not available, never zero.
    let groupsRecorded: Bool
    /// The aggregate run's `--min-denominator` and `--min-numerator`.
    let thresholds: ReportParameters

    init(list: [SupportListRecord], provisionUPNs: Set<String>?, thresholds: ReportParameters = .defaults) {
        hasProvision = provisionUPNs != nil
        self.thresholds = thresholds
        groupsRecorded = !list.contains { $0.disadvantage.isEmpty || $0.sex.isEmpty }
        for record in list {
            for entitlement in [record.entitlement, Entitlement.any] {
                var groups = [AggregateLabels.total]
                if !record.disadvantage.isEmpty { groups.append(record.disadvantage) }
                if !record.sex.isEmpty { groups.append(record.sex) }
                for group in groups {
                    let key = Key(urn: record.urn, period: record.timePeriod, entitlement: entitlement, group: group)
                    entitled[key, default: []].insert(record.upn)
                    if provisionUPNs?.contains(record.upn) == true { receiving[key, default: []].insert(record.upn) }
                }
            }
        }
    }

    /// Entitled pupils on the list for the key (unsuppressed: for the restricted page and for tests).
    func entitledCount(_ key: Key) -> Int { entitled[key]?.count ?? 0 }

    /// Entitled pupils on the list for the key whose UPN the provision file lists (unsuppressed).
    func receivingCount(_ key: Key) -> Int { receiving[key]?.count ?? 0 }

    /// The count of pupils receiving support as a page may show it, with its percentage of the entitled pupils;
    /// `entitledCount` is the published count of entitled pupils for the same row. `pairedGroup` is the other group
    /// of the same breakdown (for "Disadvantaged", "Not known to be disadvantaged"), `nil` for all pupils.
    func published(
        _ key: Key, entitledCount: PublishedValue, pairedGroup: String?, pairedEntitledCount: PublishedValue?,
        totalEntitledCount: PublishedValue?
    ) -> (count: PublishedValue, percent: PublishedValue) {
        let own = primary(key, entitledCount: entitledCount)
        if let pairedGroup, let pairedEntitledCount, let totalEntitledCount {
            var pairedKey = key
            pairedKey.group = pairedGroup
            var totalKey = key
            totalKey.group = AggregateLabels.total
            let paired = primary(pairedKey, entitledCount: pairedEntitledCount)
            let total = primary(totalKey, entitledCount: totalEntitledCount)
            if own.count.symbol == nil, paired.count.symbol != nil, total.count.symbol == nil {
                return (.symbol(.suppressed), .symbol(.suppressed))
            }
        }
        return own
    }

    /// Primary suppression only, on this row's own numbers.
    private func primary(_ key: Key, entitledCount: PublishedValue) -> (count: PublishedValue, percent: PublishedValue) {
        guard hasProvision, groupsRecorded || key.group == AggregateLabels.total else {
            return (.symbol(.notAvailable), .symbol(.notAvailable))
        }
        guard let denominator = entitledCount.number else {
            let symbol = entitledCount.symbol ?? .notAvailable
            return (.symbol(symbol), .symbol(symbol))
        }
        if denominator == 0 { return (.number(0), .symbol(.notApplicable)) }
        let count = receivingCount(key)
        if denominator < Double(thresholds.minimumDenominator) || (count > 0 && count < thresholds.minimumNumerator) {
            return (.symbol(.suppressed), .symbol(.suppressed))
        }
        return (.number(Double(count)), .number(Double(count) / denominator * 100))
    }
}

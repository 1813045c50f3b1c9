import Foundation

/// The progress, entitlement and support figures pages draw on, indexed once: the aggregate stage's
/// `progress.csv` and `entitlement.csv` by place and year, the restricted pupil list by school, and the
/// interventions of the provision file (when one was given) by UPN.
struct PupilFigures {
    let tables: PupilProgressTables
    let support: SupportCounts
    /// Interventions by UPN; `nil` when no provision file was given.
    let interventions: [String: [String]]?
    let progressByPlace: [AggregatePlace: [String: [PublishedProgressRecord]]]
    let entitlementByPlace: [AggregatePlace: [String: [PublishedEntitlementRecord]]]
    /// The restricted pupil list by school URN, in the list's order (year, surname, forename).
    let listByURN: [String: [SupportListRecord]]

    static let empty = PupilFigures(tables: .empty, provision: nil)

    /// `thresholds`: the aggregate run's suppression thresholds, for the counts of pupils receiving support.
    init(tables: PupilProgressTables, provision: ProvisionFile?, thresholds: ReportParameters = .defaults) {
        self.tables = tables
        let interventions = provision?.interventionsByUPN
        self.interventions = interventions
        support = SupportCounts(
            list: tables.supportList, provisionUPNs: interventions.map { Set($0.keys) }, thresholds: thresholds)
        var progressByPlace: [AggregatePlace: [String: [PublishedProgressRecord]]] = [:]
        for record in tables.progress {
            guard let place = record.geography.place else { continue }
            progressByPlace[place, default: [:]][record.timePeriod, default: []].append(record)
        }
        self.progressByPlace = progressByPlace
        var entitlementByPlace: [AggregatePlace: [String: [PublishedEntitlementRecord]]] = [:]
        for record in tables.entitlement {
            guard let place = record.geography.place else { continue }
            entitlementByPlace[place, default: [:]][record.timePeriod, default: []].append(record)
        }
        self.entitlementByPlace = entitlementByPlace
        listByURN = Dictionary(grouping: tables.supportList, by: \.urn)
    }

    /// Schools that get a restricted progress-plan page: those with at least one pupil on the list.
    var planURNs: [String] { listByURN.keys.sorted() }

    /// Every UPN on the restricted list, for the provision file's manifest counts.
    var listedUPNs: Set<String> { Set(tables.supportList.map(\.upn)) }
}

extension PupilFigures {
    /// `restricted/<urn>-progress-plan.html`: in the restricted folder, never linked from a public page.
    static func planPath(urn: String) -> String { "\(ProgressOutputs.restrictedFolder)/\(urn)-progress-plan.html" }
}

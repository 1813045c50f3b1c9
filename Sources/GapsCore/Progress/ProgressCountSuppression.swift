import Foundation

extension ProgressOutputs {
    /// A place's LA (old code) and its label as the "school" filter of secondary suppression across places:
    /// `Total` for the LA's own row, the URN for a school's.
    static func suppressionSchool(_ place: PublishedPlace, cohorts: KS2Cohorts) -> (la: String, label: String) {
        switch place {
        case let .localAuthority(oldCode): (oldCode, PublishedFilter.total)
        case let .school(urn): (cohorts.schools[urn]?.la ?? "", urn)
        }
    }
}

extension ProgressTable {
    /// The counts secondary suppression protects, in `PublishedCountProtection` order: the row's pupils, the
    /// pupils with prior attainment (the denominator of every percentage), then each published share.
    static let protectedColumns: [ProtectedCountColumn] = {
        func index(_ name: String) -> Int { layout.columns.firstIndex { $0.name == name }! }
        let shares = ["expected_progress", "stuck", "stuck_below", "fell_behind", "low_progress", "not_progressing"].map { name in
            ProtectedCountColumn(count: index("\(name)_count"), percent: index("\(name)_percent"), denominator: 1)
        }
        return [ProtectedCountColumn(count: index("pupil_count")), ProtectedCountColumn(count: index("with_prior_count"))] + shares
    }()

    /// A group's values of `protectedColumns`: pupils, pupils judged (with prior attainment and an outcome), then
    /// the judged pupils each share counts.
    static func protectedCounts(_ group: [SubjectProgress]) -> [Int] {
        let judged = group.filter(\.isJudged)
        let shares: [KeyPath<SubjectProgress, Bool>] = [\.madeExpectedProgress, \.stuck, \.stuckBelow, \.fellBehind, \.lowProgress, \.notProgressing]
        return [group.count, judged.count] + shares.map { share in judged.count { $0[keyPath: share] } }
    }

    /// Withholds counts that a Total would give away: lines along band, disadvantage and sex within a place, year
    /// and subject, and across places (`Suppression.acrossPlaces`) the LA with its schools. One year's rows of every
    /// place; run before `withholdAverages`, which reads the withheld rows.
    static func withholdCounts(_ rows: inout [(place: PublishedPlace, fields: [String], scoredCount: Int?, counts: [Int])],
                               cohorts: KS2Cohorts, suppression: Suppression) {
        struct Key: Hashable { var la: String; var subject: String; var place: PublishedPlace? }
        var fields = rows.map(\.fields)
        PublishedCountProtection.protect(
            &fields, counts: rows.map(\.counts), columns: protectedColumns, firstIndicator: 4,
            tableKeys: rows.map { row in
                Key(la: ProgressOutputs.suppressionSchool(row.place, cohorts: cohorts).la, subject: row.fields[0],
                    place: suppression.acrossPlaces ? nil : row.place)
            },
            filterValues: rows.map { row in
                Array(row.fields[1..<4]) + (suppression.acrossPlaces ? [ProgressOutputs.suppressionSchool(row.place, cohorts: cohorts).label] : [])
            },
            suppression: suppression)
        for index in rows.indices { rows[index].fields = fields[index] }
    }
}

extension EntitlementTable {
    /// `pupil_count`, then `judged_count` (the denominator of `entitled_percent`), then `entitled_count`.
    static let protectedColumns: [ProtectedCountColumn] = {
        func index(_ name: String) -> Int { layout.columns.firstIndex { $0.name == name }! }
        return [ProtectedCountColumn(count: index("pupil_count")), ProtectedCountColumn(count: index("judged_count")),
                ProtectedCountColumn(count: index("entitled_count"), percent: index("entitled_percent"), denominator: 1)]
    }()

    /// Withholds counts that a Total would give away: lines along sex and disadvantage within a place, year and
    /// entitlement, and across places (`Suppression.acrossPlaces`) the LA with its schools. One year's rows of
    /// every place.
    static func withholdCounts(_ rows: inout [(place: PublishedPlace, fields: [String], counts: [Int])],
                               cohorts: KS2Cohorts, suppression: Suppression) {
        struct Key: Hashable { var la: String; var entitlement: String; var place: PublishedPlace? }
        var fields = rows.map(\.fields)
        PublishedCountProtection.protect(
            &fields, counts: rows.map(\.counts), columns: protectedColumns, firstIndicator: 3,
            tableKeys: rows.map { row in
                Key(la: ProgressOutputs.suppressionSchool(row.place, cohorts: cohorts).la, entitlement: row.fields[0],
                    place: suppression.acrossPlaces ? nil : row.place)
            },
            filterValues: rows.map { row in
                Array(row.fields[1..<3]) + (suppression.acrossPlaces ? [ProgressOutputs.suppressionSchool(row.place, cohorts: cohorts).label] : [])
            },
            suppression: suppression)
        for index in rows.indices { rows[index].fields = fields[index] }
    }
}

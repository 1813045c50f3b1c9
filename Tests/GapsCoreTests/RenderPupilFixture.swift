import Foundation
@testable import GapsCore

/// Progress, entitlement and restricted-list inputs for render tests, written beside `RenderFixture`'s tables.
extension RenderFixture {
    static let progressColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "old_la_code",
        "new_la_code", "la_name", "school_urn", "school_laestab", "school_name", "subject", "prior_attainment_band",
        "disadvantage_status", "sex", "pupil_count", "with_prior_count", "scored_count", "average_progress_score",
        "average_levels_progress", "expected_progress_count", "expected_progress_percent", "stuck_count",
        "stuck_percent", "stuck_below_count", "stuck_below_percent", "fell_behind_count", "fell_behind_percent",
        "low_progress_count", "low_progress_percent", "not_progressing_count", "not_progressing_percent",
    ]
    static let entitlementColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "old_la_code",
        "new_la_code", "la_name", "school_urn", "school_laestab", "school_name", "entitlement", "sex",
        "disadvantage_status", "pupil_count", "judged_count", "entitled_count", "entitled_percent",
    ]

    private static func geography(_ urn: String?, name: String, period: String, laName: String = laName) -> [String: String] {
        var fields = [
            "time_period": period, "time_identifier": "Academic year", "country_code": "E92000001",
            "country_name": "England", "old_la_code": "999", "new_la_code": "E06000999", "la_name": laName,
        ]
        if let urn {
            fields["geographic_level"] = "School"
            fields["school_urn"] = urn
            fields["school_laestab"] = "999" + urn.suffix(4)
            fields["school_name"] = name
        } else {
            fields["geographic_level"] = "Local authority"
        }
        return fields
    }

    /// A 2016+ progress row; `values` are pupils, with KS1, average progress score, stuck below, fell behind,
    /// low progress, not progressing n, not progressing %.
    static func progress(
        _ urn: String?, name: String = "Alpha Primary", period: String = "202324", subject: String,
        band: String = "Total", disadvantage: String = "Total", sex: String = "Total", _ values: [String]
    ) -> [String] {
        var fields = geography(urn, name: name, period: period)
        fields["subject"] = subject
        fields["prior_attainment_band"] = band
        fields["disadvantage_status"] = disadvantage
        fields["sex"] = sex
        let columns = ["pupil_count", "with_prior_count", "average_progress_score", "stuck_below_count",
                       "fell_behind_count", "low_progress_count", "not_progressing_count", "not_progressing_percent"]
        for (column, value) in zip(columns, values) { fields[column] = value }
        fields["scored_count"] = values[1]
        for column in ["average_levels_progress", "expected_progress_count", "expected_progress_percent", "stuck_count",
                       "stuck_percent"] { fields[column] = "z" }
        for column in ["stuck_below_percent", "fell_behind_percent", "low_progress_percent"] { fields[column] = "x" }
        return progressColumns.map { fields[$0] ?? "" }
    }

    /// An entitlement row; `values` are pupils, judged, entitled, entitled %.
    static func entitlement(
        _ urn: String?, name: String = "Alpha Primary", period: String = "202324", entitlement: String,
        disadvantage: String = "Total", sex: String = "Total", _ values: [String]
    ) -> [String] {
        var fields = geography(urn, name: name, period: period)
        fields["entitlement"] = entitlement
        fields["disadvantage_status"] = disadvantage
        fields["sex"] = sex
        for (column, value) in zip(["pupil_count", "judged_count", "entitled_count", "entitled_percent"], values) {
            fields[column] = value
        }
        return entitlementColumns.map { fields[$0] ?? "" }
    }

    /// A row of the restricted pupil list, in `ProgressOutputs.pupilListColumns` order.
    static func listRow(
        urn: String = "100001", name: String = "Alpha Primary", period: String = "202324", upn: String,
        forename: String, surname: String, entitlement: Entitlement, subject: String = "Reading",
        evidence: String = "below the expected standard in reading at KS1", prior: String = "KS1 WTS (2019/20)",
        later: String = "", score: String = "", sex: String, disadvantage: String
    ) -> [String] {
        [urn, "999" + urn.suffix(4), name, period, upn, forename, surname, entitlement.rawValue, subject, evidence, prior,
         later, score, sex, disadvantage]
    }

    func writePupilTables(progress: [[String]], entitlement: [[String]], list: [[String]]?) throws {
        let progressWriter = try CSVWriter(
            url: aggregate.appendingPathComponent("progress.csv"), header: Self.progressColumns, restricted: false,
            neutraliseFormulas: true)
        for row in progress { try progressWriter.write(row) }
        try progressWriter.close()
        let entitlementWriter = try CSVWriter(
            url: aggregate.appendingPathComponent("entitlement.csv"), header: Self.entitlementColumns,
            restricted: false, neutraliseFormulas: true)
        for row in entitlement { try entitlementWriter.write(row) }
        try entitlementWriter.close()
        if let list {
            let folder = aggregate.appendingPathComponent("restricted")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let listWriter = try CSVWriter(
                url: folder.appendingPathComponent("pupils-needing-support.csv"),
                header: ProgressOutputs.pupilListColumns, restricted: true, neutraliseFormulas: true)
            for row in list { try listWriter.write(row) }
            try listWriter.close()
        }
    }

    /// Writes a provision file (header and rows as given, CSV-quoted) and returns its path.
    func writeProvision(_ rows: [[String]], header: [String] = ["UPN", "intervention"]) throws -> String {
        let url = directory.appendingPathComponent("provision.csv")
        let writer = try CSVWriter(url: url, header: header, restricted: true)
        for row in rows { try writer.write(row) }
        try writer.close()
        return url.path
    }

    @discardableResult
    func render(provision: String?) throws -> RenderSummary {
        try RenderStage.run(
            aggregateDirectory: aggregate.path, outputDirectory: output.path, provisionFile: provision,
            chartLayout: GapChartLayout(plotWidth: 300))
    }
}

/// The permission bits of a file or folder.
func posixPermissions(of url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

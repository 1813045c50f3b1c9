import Foundation
@testable import GapsCore

/// Writes the aggregate stage's trends, distributions, LA-wide and data-quality tables into a `RenderFixture`,
/// with figures chosen by hand (see each writer) and suppressed cells in every table.
extension RenderFixture {
    static let geographyColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "old_la_code",
        "new_la_code", "la_name", "school_urn", "school_laestab", "school_name",
    ]

    /// The time and geography fields of a row; `urn` nil for the LA.
    static func geography(_ urn: String?, name: String, period: String, laName: String) -> [String] {
        [period, "Academic year", urn == nil ? "Local authority" : "School", "E92000001", "England", "999", "E06000999",
         laName, urn ?? "", urn.map { "999" + $0.suffix(4) } ?? "", urn == nil ? "" : name]
    }

    func writeTable(_ name: String, columns: [String], rows: [[String]]) throws {
        let writer = try CSVWriter(
            url: aggregate.appendingPathComponent(name), header: Self.geographyColumns + columns, restricted: false,
            neutraliseFormulas: true)
        for row in rows { try writer.write(row) }
        try writer.close()
    }

    static let trendColumns = [
        "subject", "disadvantage_status", "pupil_count", "expected_standard_count", "expected_standard_percent", "gap",
        "gap_lower_ci", "gap_upper_ci", "rolling_years", "rolling_pupil_count", "rolling_expected_standard_count",
        "rolling_expected_standard_percent", "rolling_gap", "rolling_gap_lower_ci", "rolling_gap_upper_ci",
    ]

    /// Trends for each school and the LA, 2022/23 and 2023/24. Reading, writing and maths: disadvantaged 40% then
    /// 50%, others 62% then 68%, so the gap is -22 then -18 (narrowed by 4). Maths: the 2023/24 gap is suppressed.
    /// Rolling figures `x`, except the LA's 2023/24 RWM rolling gap -20 (-30 to -10).
    func writeTrends(schools: [(urn: String, name: String)], laName: String = RenderFixture.laName) throws {
        var rows: [[String]] = []
        let rwm = "Reading, writing and maths"
        for place in schools.map({ Optional($0) }) + [nil] {
            for (period, disadvantaged, others, gap, maths) in [
                ("202223", "40", "62", ["-22", "-40", "-4"], ["-10", "-30", "10"]),
                ("202324", "50", "68", ["-18", "-35", "-1"], ["c", "c", "c"]),
            ] {
                let geo = Self.geography(place?.urn, name: place?.name ?? "", period: period, laName: laName)
                let rollingYears = period == "202324" ? "2021/22, 2022/23, 2023/24" : "2018/19, 2021/22, 2022/23"
                let laRolling = place == nil && period == "202324"
                let rollingGap = laRolling ? ["-20", "-30", "-10"] : ["x", "x", "x"]
                rows.append(geo + [rwm, "Total", "30", "18", "60", "z", "z", "z", rollingYears, "x", "x", "x", "z", "z", "z"])
                rows.append(geo + [rwm, "Disadvantaged", "10", "4", disadvantaged] + gap
                    + [rollingYears, laRolling ? "60" : "x", "x", laRolling ? "45" : "x"] + rollingGap)
                rows.append(geo + [rwm, "Not known to be disadvantaged", "20", "12", others, "z", "z", "z", rollingYears,
                                   "x", "x", "x", "z", "z", "z"])
                rows.append(geo + ["Maths", "Disadvantaged", "10", "c", "c"] + maths + [rollingYears, "x", "x", "x", "x", "x", "x"])
            }
        }
        try writeTable("trends.csv", columns: Self.trendColumns, rows: rows)
    }

    static let distributionColumns = [
        "subject", "sex", "disadvantage_status", "ethnicity_major", "pupil_count", "p10", "p25", "p50", "p75", "p90",
        "mean", "standard_deviation",
    ]

    /// Reading, 2023/24, for each school and the LA: others 90/95/100/105/112 (mean 101.5), disadvantaged
    /// suppressed (c), boys and girls drawn; one ethnicity row that must be set aside.
    func writeDistributions(schools: [(urn: String, name: String)], laName: String = RenderFixture.laName) throws {
        var rows: [[String]] = []
        for place in schools.map({ Optional($0) }) + [nil] {
            let geo = Self.geography(place?.urn, name: place?.name ?? "", period: "202324", laName: laName)
            rows.append(geo + ["Reading", "Total", "Total", "Total", "30", "91", "96", "101", "106", "112", "101", "6"])
            rows.append(geo + ["Reading", "Total", "Disadvantaged", "Total", "c", "c", "c", "c", "c", "c", "c", "c"])
            rows.append(geo + ["Reading", "Total", "Not known to be disadvantaged", "Total", "25", "90", "95", "100", "105", "112", "101.5", "6"])
            rows.append(geo + ["Reading", "Boys", "Total", "Total", "15", "88", "94", "99", "104", "110", "99.4", "6"])
            rows.append(geo + ["Reading", "Girls", "Total", "Total", "15", "93", "98", "103", "108", "114", "103.2", "6"])
            rows.append(geo + ["Reading", "Total", "Total", "Asian", "12", "92", "97", "102", "107", "113", "102", "6"])
        }
        try writeTable("distributions.csv", columns: Self.distributionColumns, rows: rows)
    }

    static let lowAttainingColumns = [
        "subject", "school_attainment_quintile", "school_count", "expected_standard_percent",
        "low_attaining_disadvantaged_count", "low_attaining_disadvantaged_share",
    ]

    /// 2023/24: quintiles 10, 8, 5, c, c of 23; each school c.
    func writeLowAttaining(schools: [(urn: String, name: String)], laName: String = RenderFixture.laName) throws {
        let rwm = "Reading, writing and maths"
        let la = Self.geography(nil, name: "", period: "202324", laName: laName)
        var rows = [
            la + [rwm, "Quintile 1 (lowest attaining schools)", "2", "z", "10", "43.47826086956522"],
            la + [rwm, "Quintile 2", "2", "z", "8", "34.78260869565217"],
            la + [rwm, "Quintile 3", "2", "z", "5", "21.73913043478261"],
            la + [rwm, "Quintile 4", "1", "z", "c", "c"],
            la + [rwm, "Quintile 5 (highest attaining schools)", "1", "z", "c", "c"],
            la + [rwm, "Total", "8", "z", "23", "100"],
        ]
        for school in schools {
            rows.append(Self.geography(school.urn, name: school.name, period: "202324", laName: laName)
                + [rwm, "Quintile 1 (lowest attaining schools)", "z", "42.857142857142854", "c", "c"])
        }
        try writeTable("low-attaining-disadvantaged.csv", columns: Self.lowAttainingColumns, rows: rows)
    }

    static let buckingColumns = [
        "subject", "breakdown", "group", "comparison_group", "group_count", "comparison_count", "raw_gap",
        "raw_gap_lower_ci", "raw_gap_upper_ci", "raw_gap_standard_error", "la_mean_gap", "between_school_variance",
        "shrinkage_factor", "shrunk_gap", "shrunk_gap_lower_ci", "shrunk_gap_upper_ci", "shrunk_gap_rank",
        "schools_in_estimate",
    ]

    /// 2023/24 disadvantage gaps: the first school ranks 1 at -5 (-15 to 5) shrunk, raw -2; the last school is
    /// suppressed; any others rank 2, 3, ... at -10, -15, ...
    func writeBucking(schools: [(urn: String, name: String)], laName: String = RenderFixture.laName) throws {
        var rows: [[String]] = []
        for (index, school) in schools.enumerated() {
            let geo = Self.geography(school.urn, name: school.name, period: "202324", laName: laName)
            let common = ["Reading, writing and maths", "Disadvantage", "Disadvantaged", "Not known to be disadvantaged"]
            if index == schools.count - 1, schools.count > 1 {
                rows.append(geo + common + ["c", "c", "c", "c", "c", "c", "-12", "40", "c", "c", "c", "c", "c", "\(schools.count)"])
            } else {
                let shrunk = -5 - 5 * index
                rows.append(geo + common + [
                    "12", "18", "\(shrunk + 3)", "\(shrunk - 27)", "\(shrunk + 33)", "15.3", "-12", "40", "0.15",
                    "\(shrunk)", "\(shrunk - 10)", "\(shrunk + 10)", "\(index + 1)", "\(schools.count)",
                ])
            }
        }
        try writeTable("bucking-the-trend.csv", columns: Self.buckingColumns, rows: rows)
    }

    /// Published data-quality counts: each school has 50 pupils, 6 with no recorded ethnicity (12%), 2 invalid
    /// UPNs withheld as c, 1 reject reason of 4 rows; the LA has 200 pupils and nothing wrong.
    func writeDataQuality(schools: [(urn: String, name: String)], laName: String = RenderFixture.laName) throws {
        let columns = PublishedDataQuality.columns
        let writer = try CSVWriter(
            url: aggregate.appendingPathComponent("data-quality-summary.csv"), header: columns, restricted: false,
            neutraliseFormulas: true)
        func place(_ urn: String?, _ name: String) -> [String] {
            [urn == nil ? "Local authority" : "School", "999", "E06000999", laName, urn ?? "",
             urn.map { "999" + $0.suffix(4) } ?? "", urn == nil ? "" : name]
        }
        for school in schools {
            for (category, detail, count) in [
                ("pupils", "", "50"), ("unknown_ethnicity", "", "6"), ("invalid_upn", "", "c"), ("temporary_upn", "", "0"),
                ("unmatched_prior", "", "0"), ("prior_not_assessed", "", "0"), ("source_conflicts", "", "0"),
                ("rejected", "pupil row: invalid UPN", "c"), ("rejected", "result: unknown measure", "4"),
            ] {
                try writer.write(place(school.urn, school.name) + [category, detail, count])
            }
        }
        for category in DataQualitySummary.fixedCategories {
            try writer.write(place(nil, "") + [category, "", category == "pupils" ? "200" : "0"])
        }
        try writer.close()
    }

    /// Every table above.
    func writeAnalysis(schools: [(urn: String, name: String)], laName: String = RenderFixture.laName) throws {
        try writeTrends(schools: schools, laName: laName)
        try writeDistributions(schools: schools, laName: laName)
        try writeLowAttaining(schools: schools, laName: laName)
        try writeBucking(schools: schools, laName: laName)
        try writeDataQuality(schools: schools, laName: laName)
    }

    static let standardSchools: [(urn: String, name: String)] = [("100001", "Alpha Primary"), ("100002", maliciousName)]
}

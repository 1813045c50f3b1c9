import Foundation

/// The national Progress 8 estimates by KS2 prior-attainment group (`Resources/fixtures/p8-estimates.csv`, from the
/// DfE KS4 ready reckoner; source in the folder's README). Only the fixtures read it: they give the synthetic KS4
/// file Progress 8 scores that agree with its grades, as the DfE's would. The pipeline takes Progress 8 from the
/// KS4 file and never recomputes it.
struct ProgressEightEstimates: Sendable {
    struct Group: Sendable, Equatable {
        var number: Int
        /// KS2 average reading and maths scaled score range, both ends included.
        var from: Double
        var to: Double
        /// Slot totals: Attainment 8, English (two slots), maths (two), EBacc (three), open (three).
        var attainment8: Double
        var english: Double
        var maths: Double
        var ebacc: Double
        var open: Double
    }

    var groups: [Group]

    static func loadShipped() throws -> ProgressEightEstimates {
        var groups: [Group] = []
        let columns = ["group", "ks2_from", "ks2_to", "attainment8", "english", "maths", "ebacc", "open"]
        try TableFile.forEachRow(in: ResourceFiles.url("fixtures/p8-estimates.csv"), requiring: columns) { row in
            func number(_ column: String) throws -> Double {
                guard let value = Double(row[column].trimmingCharacters(in: .whitespaces)) else {
                    throw GapsError.invalidConfiguration(row.location, message: "column '\(column)': expected a number, found '\(row[column])'")
                }
                return value
            }
            groups.append(Group(number: try row.int("group"), from: try number("ks2_from"), to: try number("ks2_to"),
                                attainment8: try number("attainment8"), english: try number("english"), maths: try number("maths"),
                                ebacc: try number("ebacc"), open: try number("open")))
        }
        return ProgressEightEstimates(groups: groups)
    }

    /// The group whose range holds `ks2Average`; the nearest end group outside the table's range.
    func group(forKS2Average ks2Average: Double) -> Group {
        groups.first { ks2Average <= $0.to } ?? groups[groups.count - 1]
    }
}

/// One synthetic pupil's KS4 outcome: grades in every Attainment 8 slot and, with KS2 prior attainment, the
/// Progress 8 figures the DfE would give them (domain reference section 5):
/// element P8 = (slot total - national estimate) / slots (English and maths: 2, their double weighting; EBacc and
/// open: 3); P8 = (Attainment 8 - estimate) / 10.
struct SyntheticKS4Outcome: Sendable, Equatable {
    var ks2Average: Double?
    var group: ProgressEightEstimates.Group?
    var english: Int
    var maths: Int
    var ebacc: [Int]
    var open: [Int]

    var attainment8: Int { 2 * english + 2 * maths + ebacc.reduce(0, +) + open.reduce(0, +) }
    var progress8: Double? { group.map { (Double(attainment8) - $0.attainment8) / 10 } }
    var englishElement: Double? { group.map { (Double(2 * english) - $0.english) / 2 } }
    var mathsElement: Double? { group.map { (Double(2 * maths) - $0.maths) / 2 } }
    var ebaccElement: Double? { group.map { (Double(ebacc.reduce(0, +)) - $0.ebacc) / 3 } }
    var openElement: Double? { group.map { (Double(open.reduce(0, +)) - $0.open) / 3 } }
}

/// Synthetic secondary schools and their KS4 performance-tables pupil file (`npd/KS4pu<YY>.csv`), in the layout of
/// the built-in `ks4-performance-tables` profile (a subset of the real file's 117 columns, same names and order).
///
/// Pupils are drawn by the same `PupilFactory` as primary pupils (characteristics, and KS2 reading and maths scaled
/// scores five years before KS4), from random streams of their own, so adding secondary schools leaves every primary
/// school's files byte for byte as they were. KS4 grades per slot: the national estimate for the pupil's KS2 group
/// per slot, plus a pupil shift (school effect, disadvantaged -0.7, N(0, 0.9)) and N(0, 1) per slot, rounded
/// and kept within 0-9. Fixture parameters, not DfE rules. Cohorts do not scale with `--scale` (one UPN block).
extension SyntheticLA {
    /// The KS4 file's columns, in the real file's order (`KS4pu22 AGS.csv` of the DfE's KS4 ready reckoner).
    public static let ks4Columns = [
        "Surname", "Forename", "Gender", "Date of birth", "AGE", "Pupil included in progress 8 calculations",
        "DfE Establishment Number", "School URN", "UPN", "SEN", "Has the pupil been eligible for FSM in the last 6 years?",
        "Is the pupil looked after?", "Is the pupil disadvantaged?", "EAL Group", "KS2 Prior Band", "Pupil's ethnicity",
        "English and maths GCSEs 9-4?", "English and maths GCSEs 9-5?", "KS2 reading outcome", "KS2 mathematics outcome",
        "Point score in English EBacc subject area", "Point score in maths EBacc subject area",
        "KS2 Prior attainment group calculated from average English reading and maths Scaled score",
        "Score achieved in English", "Score achieved in mathematics", "Score achieved in 1st EBacc slot",
        "Score achieved in 2nd EBacc slot", "Score achieved in 3rd EBacc slot", "Score achieved in 1st open slot",
        "Score achieved in 2nd open slot", "Score achieved in 3rd open slot", "Attainment 8 score",
        "Pupil's adjusted progress 8 score", "Pupil's unadjusted progress 8 score", "Progress 8 score for English",
        "Progress 8 score for mathematics", "Score achieved in Ebacc slots", "Progress 8 score for Ebacc slots",
        "Score achieved in open slots", "Progress 8 score for open slots",
    ]

    /// Secondary schools: (name, Year 11 pupils, FSM Ever 6 rate, diversity). Invented names, one with an
    /// apostrophe.
    static let secondaryProfiles: [(name: String, size: Int, rate: Double, diversity: Double)] = [
        ("Moorside High School", 150, 0.28, 1.1), ("St Aidan's Catholic Academy", 110, 0.42, 1.5),
    ]

    /// KS4 years the generator supports: KS2 five years earlier was assessed (not 2020 or 2021) with scaled scores.
    static func supportsKS4Year(_ year: Int) -> Bool {
        (2022...2040).contains(year) && ![2025, 2026].contains(year)
    }

    /// The secondary schools: estab numbers 4001 upwards (the 4000s are secondary numbers in LA estab ranges), URNs
    /// 191001 upwards (primaries use 190001-190999).
    static func makeSecondarySchools(_ configuration: Configuration, model: AttainmentModel) -> [School] {
        guard configuration.secondarySchoolCount > 0 else { return [] }
        return (1...configuration.secondarySchoolCount).map { index in
            var random = FixtureRandom(seed: configuration.seed, stream: [Stream.secondary, 1, UInt64(index)])
            let effect = random.normal() * model.schoolEffectSD
            let profile: (name: String, size: Int, rate: Double, diversity: Double)
            if index <= secondaryProfiles.count {
                profile = secondaryProfiles[index - 1]
            } else {
                let name = FixtureNames.school(index + 100).replacingOccurrences(of: "Primary", with: "High")
                profile = (name, random.integer(in: 90...200), 0.1 + 0.4 * random.uniform(), 0.5 + 1.5 * random.uniform())
            }
            let estab = 4000 + index
            return School(index: configuration.schoolCount + index, name: profile.name, estab: estab,
                          laestab: configuration.laNumber * 10_000 + estab, urn: 191_000 + index, cohortSize: profile.size,
                          disadvantagedRate: profile.rate, diversity: profile.diversity, effect: effect, writesCTF: false)
        }
    }

    /// Year 11 pupils of a secondary school in KS4 year `ks4Year` (scale not applied).
    func secondaryCohortSize(school: School, ks4Year: Int) -> Int {
        var random = FixtureRandom(seed: configuration.seed, stream: [Stream.secondary, 2, UInt64(ks4Year), UInt64(school.estab)])
        return max(1, Int((Double(school.cohortSize) * (0.85 + 0.3 * random.uniform())).rounded()))
    }

    /// Writes `npd/KS4pu<YY>.csv` for each KS4 year, every secondary school in one file, and beside it
    /// `npd/ks2-<KS2 year>.csv`, the NPD KS2 extract of the same pupils five years earlier (`writeKS2Row`), and,
    /// when their KS1 reported levels (KS1 in 2015 or earlier), `npd/ks1-<KS1 year>.csv`, their NPD KS1 extract in
    /// the levels-era layout at the same primary school (`KS1LevelsFixtures.swift`), tallied into `ks1Levels`.
    /// Returns the files written.
    func writeKS4Files(to directory: URL, ks1Levels: inout KS1LevelTally) throws -> [WrittenFile] {
        guard !secondarySchools.isEmpty else { return [] }
        let estimates = try ProgressEightEstimates.loadShipped()
        let levelScale = try NCLevelScale.load(overrides: nil)
        var files: [WrittenFile] = []
        for ks4Year in configuration.ks4Years.sorted() {
            let cohort = CohortCalendar(ks2Year: ks4Year - 5)
            let sizes = secondarySchools.map { secondaryCohortSize(school: $0, ks4Year: ks4Year) }
            let factory = try PupilFactory(la: self, years: [cohort.ks2Year], largestCohort: sizes.max() ?? 1)
            let path = "npd/KS4pu\(ks4Year % 100 < 10 ? "0" : "")\(ks4Year % 100).csv"
            let writer = try ExtractFixtureWriter(url: directory.appendingPathComponent(path), path: path, cohort: cohort,
                                                  columns: Self.ks4Columns)
            let ks2Path = "npd/ks2-\(cohort.ks2Year).csv"
            let ks2Writer = try ExtractFixtureWriter(url: directory.appendingPathComponent(ks2Path), path: ks2Path, cohort: cohort)
            var ks1Writer: ExtractFixtureWriter?
            if let ks1Year = cohort.ks1LevelsYear {
                let ks1Path = "npd/ks1-\(ks1Year).csv"
                ks1Writer = try ExtractFixtureWriter(url: directory.appendingPathComponent(ks1Path), path: ks1Path, cohort: cohort,
                                                     columns: Self.ks1LevelsColumns)
            }
            for (school, size) in zip(secondarySchools, sizes) {
                var random = FixtureRandom(seed: configuration.seed, stream: [Stream.secondary, 3, UInt64(ks4Year), UInt64(school.estab)])
                for ordinal in 0..<size {
                    let pupil = factory.makePupil(school: school, cohort: cohort, yearIndex: 0, ordinal: ordinal, random: &random)
                    let outcome = Self.ks4Outcome(for: pupil, school: school, estimates: estimates, random: &random)
                    try writer.write(fields: Self.ks4Fields(pupil, outcome: outcome, school: school))
                    let primary = feederSchool(of: pupil, ks4Year: ks4Year, secondary: school, ordinal: ordinal)
                    try ks2Writer.write(pupil, school: primary)
                    if let ks1Writer, let levels = pupil.ks1Levels {
                        try ks1Writer.write(fields: Self.ks1LevelsFields(pupil, levels: levels, school: primary, scale: levelScale))
                        ks1Levels.add(levels, of: pupil, scale: levelScale)
                    }
                }
            }
            files.append(try writer.close(kind: .ks4Extract))
            files.append(try ks2Writer.close(kind: .ks2PriorExtract))
            if let ks1Writer { files.append(try ks1Writer.close(kind: .ks1PriorExtract)) }
        }
        return files
    }

    /// The primary school a secondary pupil left five years before KS4, where their KS2 results were recorded: one of
    /// the LA's primary schools, drawn in proportion to its cohort size from a stream of the pupil's own (so the KS4
    /// file is the same bytes as before the KS2 extract was added). The pupil keeps the UPN, name, characteristics
    /// and KS2 results the KS4 file was drawn from: its KS2 outcomes and prior-attainment group agree with this row.
    func feederSchool(of pupil: SyntheticPupil, ks4Year: Int, secondary: School, ordinal: Int) -> School {
        var random = FixtureRandom(seed: configuration.seed, stream: [
            Stream.feederSchool, UInt64(ks4Year), UInt64(secondary.estab), UInt64(ordinal)])
        return random.pick(schools) { Double($0.cohortSize) }
    }

    static func ks4Outcome(for pupil: SyntheticPupil, school: School, estimates: ProgressEightEstimates,
                           random: inout FixtureRandom) -> SyntheticKS4Outcome {
        var ks2Average: Double?
        if let reading = pupil.reading.scaledScore, let maths = pupil.maths.scaledScore {
            ks2Average = Double(reading + maths) / 2
        }
        let group = ks2Average.map(estimates.group(forKS2Average:))
        // Without KS2 scores the pupil is drawn around the estimates of a scaled score of 94 (below the standard, as
        // most such pupils were working below the tests or absent).
        let baseline = group ?? estimates.group(forKS2Average: 94)
        let shift = school.effect + (pupil.isDisadvantaged ? -0.7 : 0) + 0.9 * random.normal()
        func grade(_ perSlot: Double) -> Int { min(9, max(0, Int((perSlot + shift + random.normal()).rounded()))) }
        let english = grade(baseline.english / 2)
        let maths = grade(baseline.maths / 2)
        let ebacc = (0..<3).map { _ in grade(baseline.ebacc / 3) }
        let open = (0..<3).map { _ in grade(baseline.open / 3) }
        return SyntheticKS4Outcome(ks2Average: ks2Average, group: group, english: english, maths: maths, ebacc: ebacc, open: open)
    }

    static func ks4Fields(_ pupil: SyntheticPupil, outcome: SyntheticKS4Outcome, school: School) -> [String] {
        let band: String
        switch outcome.ks2Average {
        case nil: band = ""
        case let average? where average < 100: band = "1"
        case let average? where average < 110: band = "2"
        default: band = "3"
        }
        func flag(_ value: Bool) -> String { value ? "1" : "0" }
        func optional(_ value: Double?) -> String { value.map { fixtureDecimal($0, places: 4) } ?? "" }
        let ebaccTotal = outcome.ebacc.reduce(0, +)
        let openTotal = outcome.open.reduce(0, +)
        let basics4 = outcome.english >= 4 && outcome.maths >= 4
        let basics5 = outcome.english >= 5 && outcome.maths >= 5
        let group = outcome.group.map { String($0.number) } ?? ""
        var fields: [String] = [
            pupil.surname, pupil.forename, pupil.sex, pupil.dob.dayMonthYear, "15", flag(outcome.group != nil),
            String(school.laestab), String(school.urn), pupil.upn, pupil.senProvision, flag(pupil.fsmEver6),
            flag(pupil.lookedAfter), flag(pupil.isDisadvantaged), String(pupil.ealGroup), band, pupil.ethnicityMain,
        ]
        fields += [basics4 ? "1" : "", basics5 ? "1" : "", pupil.reading.extractOutcome, pupil.maths.extractOutcome]
        fields += [String(outcome.english), String(outcome.maths), group, String(2 * outcome.english), String(2 * outcome.maths)]
        fields += outcome.ebacc.map { String($0) }
        fields += outcome.open.map { String($0) }
        fields += [String(outcome.attainment8), optional(outcome.progress8), optional(outcome.progress8)]
        fields += [optional(outcome.englishElement), optional(outcome.mathsElement), String(ebaccTotal)]
        fields += [optional(outcome.ebaccElement), String(openTotal), optional(outcome.openElement)]
        return fields
    }
}

/// `value` rounded half away from zero to at most `places` decimals, trailing zeros dropped, never "-0": the same
/// text on every platform and locale.
func fixtureDecimal(_ value: Double, places: Int) -> String {
    var factor = 1
    for _ in 0..<places { factor *= 10 }
    let scaled = Int((abs(value) * Double(factor)).rounded())
    guard scaled != 0 else { return "0" }
    var fraction = String(scaled % factor)
    fraction = String(repeating: "0", count: places - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return (value < 0 ? "-" : "") + String(scaled / factor) + (fraction.isEmpty ? "" : "." + fraction)
}

/// Running totals per KS2 year, gathered while pupils stream past, for the README's "what came out" table.
struct FixtureStatistics: Sendable {
    struct Year: Sendable {
        var pupils = 0
        /// Pupils in the measures' denominators: all but L (left), which means "not in this cohort".
        var counted = 0
        var disadvantaged = 0
        var readingExpected = 0
        var mathsExpected = 0
        var writingExpected = 0
        var rwmExpected = 0
        var readingScoreSum = [Bool: Int]()
        var readingScoreCount = [Bool: Int]()
        var boysReadingSum = 0
        var boysReadingCount = 0
        var girlsReadingSum = 0
        var girlsReadingCount = 0
        var outcomeCodes = [String: Int]()
    }

    var years = [Int: Year]()

    mutating func add(_ pupil: SyntheticPupil) {
        var year = years[pupil.ks2Year] ?? Year()
        year.pupils += 1
        for result in [pupil.reading, pupil.maths, pupil.gps] {
            if case let .code(code) = result { year.outcomeCodes[code, default: 0] += 1 }
        }
        defer { years[pupil.ks2Year] = year }
        if pupil.reading == .code("L") { return }
        year.counted += 1
        if pupil.isDisadvantaged { year.disadvantaged += 1 }
        let reading = (pupil.reading.scaledScore ?? 0) >= 100
        let maths = (pupil.maths.scaledScore ?? 0) >= 100
        let writing = pupil.writingTA == "EXS" || pupil.writingTA == "GDS"
        if reading { year.readingExpected += 1 }
        if maths { year.mathsExpected += 1 }
        if writing { year.writingExpected += 1 }
        if reading, maths, writing { year.rwmExpected += 1 }
        if let score = pupil.reading.scaledScore {
            year.readingScoreSum[pupil.isDisadvantaged, default: 0] += score
            year.readingScoreCount[pupil.isDisadvantaged, default: 0] += 1
            if pupil.sex == "M" {
                year.boysReadingSum += score
                year.boysReadingCount += 1
            } else {
                year.girlsReadingSum += score
                year.girlsReadingCount += 1
            }
        }
    }
}

/// The `README.md` written beside the fixtures: what was generated, how, from which seed; all synthetic.
struct FixtureReadme {
    let la: SyntheticLA
    let files: [SyntheticLA.WrittenFile]
    let statistics: FixtureStatistics
    let cohortSizes: [[Int]]
    let years: [Int]
    /// KS1 levels of the KS4 pupils (empty when no KS4 cohort was at KS1 in the levels era).
    var ks1Levels = KS1LevelTally()

    var text: String {
        let configuration = la.configuration
        var lines: [String] = []
        lines += [
            "# Synthetic local authority: generated fixtures",
            "",
            "Everything in this directory is invented by `gaps-fixtures`. No pupil, parent, address or result is real;",
            "the schools are fictional. Names come from short lists of common names; UPNs have valid check letters but",
            "were made up; every address and contact is the placeholder \"\(SyntheticLA.placeholderHouse) \(SyntheticLA.placeholderStreet), \(SyntheticLA.placeholderTown), \(SyntheticLA.placeholderPostcode)\",",
            "phone \"\(SyntheticLA.placeholderPhone)\", e-mail \"\(SyntheticLA.placeholderEmail)\", parent forename \"\(SyntheticLA.placeholderContactForename)\".",
            "",
            "Regenerate with `make fixtures` (the demo's defaults) or:",
            "",
            "    swift run gaps-fixtures --out <directory> --seed \(configuration.seed) --schools \(configuration.schoolCount) --scale \(configuration.scale)",
            "",
            "The same options give the same bytes on every platform and run.",
            "",
            "## Local authority",
            "",
            "\(configuration.laName) (LA \(configuration.laNumber)): a real LA number, so that published geography resolves.",
            "Nothing else about the real authority is used.",
            "",
            "## Schools",
            "",
            "| # | LAESTAB | URN | Name | CTF files | FSM Ever 6 rate (target) | " + years.map { "Year 6 pupils \($0 - 1)/\($0 % 100)" }.joined(separator: " | ") + " |",
            "|---|---|---|---|---|---|" + years.map { _ in "---|" }.joined(),
        ]
        for school in la.schools {
            let sizes = years.indices.map { String(cohortSizes[$0][school.index - 1]) }.joined(separator: " | ")
            lines.append("| \(school.index) | \(school.laestab) | \(school.urn) | \(school.name) | \(school.writesCTF ? "yes" : "no (extract only)") | \(Int((school.disadvantagedRate * 100).rounded()))% | \(sizes) |")
        }
        if !la.secondarySchools.isEmpty {
            lines += ["", "Secondary schools (in the KS4 pupil file only; Year 11 cohorts do not scale with `--scale`):", "",
                      "| # | LAESTAB | URN | Name | FSM Ever 6 rate (target) | " + configuration.ks4Years.sorted().map { "Year 11 pupils \($0 - 1)/\($0 % 100)" }.joined(separator: " | ") + " |",
                      "|---|---|---|---|---|" + configuration.ks4Years.map { _ in "---|" }.joined()]
            for school in la.secondarySchools {
                let sizes = configuration.ks4Years.sorted().map { String(la.secondaryCohortSize(school: school, ks4Year: $0)) }.joined(separator: " | ")
                lines.append("| \(school.index) | \(school.laestab) | \(school.urn) | \(school.name) | \(Int((school.disadvantagedRate * 100).rounded()))% | \(sizes) |")
            }
        }
        lines += ["", "## Files", "", "| File | Contents | Pupils |", "|---|---|---|"]
        for file in files {
            let contents: String
            switch file.kind {
            case .ctf: contents = "CTF 19.0, Year 6"
            case .extract: contents = "NPD-style KS2 extract, all schools"
            case .ks4Extract: contents = "KS4 performance-tables pupil file, all secondary schools"
            case .ks2PriorExtract: contents = "NPD-style KS2 extract of the KS4 pupils (their KS2 prior attainment)"
            case .ks1PriorExtract: contents = "NPD-style KS1 extract (levels) of the KS4 pupils (their KS1, prior attainment for KS2)"
            case .readme: contents = "this file"
            case .gitAttributes: contents = "keeps git from changing line ends"
            }
            lines.append("| `\(file.path)` | \(contents) | \(file.pupils) |")
        }
        lines += [
            "",
            "## What the files contain",
            "",
            "- CTF files (`ctf/<LAESTAB>-<KS2 year>.xml`): CTF 19.0 in the SIMS layout: Header/SourceSchool with",
            "  AcademicYear the start year of the academic year; per pupil UPN, names, DOB, Sex or Gender (varies by",
            "  school), BasicDetails (Ethnicity, main or extended code; first Language; ServiceChild in some schools),",
            "  LookedAfter, FSMhistory, SENhistory with primary need, a placeholder Address, placeholder Contacts in",
            "  some schools, and StageAssessments.",
            "- KS2 results in CTF: reading KS2 ENG TT RD, maths KS2 MAT TT MA, GPS KS2 ENG TT GPS (qualifier SS, a",
            "  scaled score 80-120 or an outcome code B, A, T, D, M or L); writing KS2 ENG TA WR (qualifier NC: GDS,",
            "  EXS, WTS, PK1-PK6, EM). KS1 teacher assessment (KS1 ENG TA RD, ENG TA WR, MAT TA MA, qualifier NC: PKF,",
            "  WTS, EXS, GDS; science KS1 SCI TA SCI: EXS or HNM, has not met the expected standard) only where it took",
            "  place: pupils at KS2 in 2024 and 2025 were in Year 2 in 2020 and 2021, when there was none.",
            "- Extracts (`npd/ks2-<KS2 year>.csv`): one row per pupil of every school, UTF-8 with BOM, CRLF, columns",
            "  `" + SyntheticLA.extractColumns.joined(separator: ",") + "`.",
            "  DOB DD/MM/YYYY; outcomes AS/NS when there is a score; FSM, FSM6 and CLA_PP_1_DAY 1/0 at the January",
            "  census; EALGRP 1/2/3; ETHNICITYMINOR the main code. A pupil of a school with CTF files appears in both",
            "  with the same UPN and values.",
            "- KS4 pupil files (`npd/KS4pu<YY>.csv`, the built-in `ks4-performance-tables` profile): \(SyntheticLA.ks4Columns.count) of the",
            "  real file's 117 columns, same names and order, UTF-8 with BOM, CRLF. KS2 prior attainment (band, the DfE's",
            "  group 1-34 from the KS2 average reading and maths scaled score five years earlier, reading and maths",
            "  outcomes), grades in every Attainment 8 slot, Attainment 8, Progress 8 and its English, maths, EBacc and",
            "  open elements computed as the DfE does against the national estimates in",
            "  `Sources/GapsCore/Resources/fixtures/p8-estimates.csv`; pupils without both KS2 scores have no Progress 8.",
            "- KS2 extracts of the KS4 pupils (`npd/ks2-<KS4 year - 5>.csv`, same columns as the KS2 extracts above):",
            "  the same pupils (same UPNs, names and characteristics at the KS2 census) with the KS2 results the KS4",
            "  file's prior attainment was worked out from, each at one of the LA's primary schools (drawn in",
            "  proportion to school size), so that key-stage matching finds their KS2 results.",
            "- KS1 extracts of the KS4 pupils (`npd/ks1-<KS4 year - 9>.csv`, written when KS1 reported National",
            "  Curriculum levels, to 2015; the built-in `npd-ks1-levels` profile): the same pupils at the same primary",
            "  school four years before KS2, UTF-8 with BOM, CRLF, columns",
            "  `" + SyntheticLA.ks1LevelsColumns.joined(separator: ",") + "`.",
            "  Teacher assessment levels W, 1, 2C, 2B, 2A, 3, 4 in reading, writing and maths (A, absent, for about",
            "  1% of pupils in one subject), whole levels in science, APS the mean of the reading, writing and maths",
            "  points (blank when one is absent); characteristics as in their KS2 row. Drawn from the pupil's own",
            "  latent attainment (the KS1 loading and noise of the 2016+ KS1 codes), cut so that shares come out near",
            "  the national KS1 results of 2015 (DfE SFR 32/2015: level 2C or above reading 90%, writing 88%, maths 93%;",
            "  2B or above 82%, 72%, 82%; level 3 or above 32%, 18%, 26%); the 2A, level 4, W and science shares are",
            "  ours (`KS1LevelsFixtures.swift`). With them the KS4 pupils' KS1 -> KS2 progress (2018/19) runs on",
            "  levels-era prior attainment.",
            "- Variations real files have: `&apos;` and numeric character references in some schools, values padded",
            "  with spaces or newlines in others, ResultDate missing in one, FSM periods that end before the Ever 6",
            "  window or start after the census, SEN history with an ended SEN support record.",
            "- Gaps come from `AttainmentModel` (Sources/GapsCore/Fixtures): disadvantaged -0.55 SD, boys -0.3 SD in",
            "  reading, writing and GPS and +0.05 in maths, SEN support -0.8, EHC plan -1.6, school effect N(0, 0.3).",
            "",
            "## What came out (all schools)",
            "",
            "Percentages of pupils at the end of KS2 except those who left (L). Mean scaled scores over pupils with a score.",
            "Outcome codes are counted per test (a pupil who left has L in all three). The KS2 extracts of KS4 pupils",
            "are not counted here.",
            "",
            "| KS2 year | Pupils | Disadvantaged | Reading EXP | Maths EXP | Writing EXP | RWM EXP | Reading mean: disadvantaged / others | boys / girls | Test results with an outcome code |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for year in years {
            guard let totals = statistics.years[year] else { continue }
            let codes = totals.outcomeCodes.keys.sorted().map { "\($0) \(totals.outcomeCodes[$0]!)" }.joined(separator: ", ")
            lines.append(
                "| \(year) | \(totals.pupils) | \(percent(totals.disadvantaged, totals.counted)) | "
                    + "\(percent(totals.readingExpected, totals.counted)) | \(percent(totals.mathsExpected, totals.counted)) | "
                    + "\(percent(totals.writingExpected, totals.counted)) | \(percent(totals.rwmExpected, totals.counted)) | "
                    + "\(mean(totals.readingScoreSum[true] ?? 0, totals.readingScoreCount[true] ?? 0)) / "
                    + "\(mean(totals.readingScoreSum[false] ?? 0, totals.readingScoreCount[false] ?? 0)) | "
                    + "\(mean(totals.boysReadingSum, totals.boysReadingCount)) / \(mean(totals.girlsReadingSum, totals.girlsReadingCount)) | "
                    + "\(codes.isEmpty ? "none" : codes) |")
        }
        if ks1Levels.pupils > 0 {
            lines += ["", "KS1 levels of the KS4 pupils (\(ks1Levels.pupils) pupils; absent counts as below):", "",
                      "| Subject | Level 2C or above | 2B or above | 3 or above |", "|---|---|---|---|"]
            for subject in KS1LevelTally.subjects {
                let shares = KS1LevelTally.levels.map { percent(ks1Levels.atLeast[subject]?[$0] ?? 0, ks1Levels.pupils) }
                lines.append("| \(subject) | " + shares.joined(separator: " | ") + " |")
            }
            lines += ["", "The cut points give national-like shares (2015) over the model's national-like population; these pupils",
                      "come out lower because they are lower attainers throughout: the same pupils reached the KS2 expected",
                      "standard in 2019 in reading \(percent(ks1Levels.ks2ReadingExpected, ks1Levels.pupils)) and maths \(percent(ks1Levels.ks2MathsExpected, ks1Levels.pupils)) (about 73% in that population),",
                      "as their secondary schools' effects and disadvantage rates give."]
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// One decimal place by integer arithmetic, so the text never depends on a locale.
    private func oneDecimal(_ numerator: Int, _ denominator: Int, times factor: Int) -> String {
        guard denominator > 0 else { return "-" }
        let tenths = (numerator * factor * 10 + denominator / 2) / denominator
        return "\(tenths / 10).\(tenths % 10)"
    }

    private func percent(_ part: Int, _ whole: Int) -> String {
        whole > 0 ? oneDecimal(part, whole, times: 100) + "%" : "-"
    }

    private func mean(_ sum: Int, _ count: Int) -> String { oneDecimal(sum, count, times: 1) }
}

import Foundation
import Testing
@testable import GapsCore

/// National comparator files beyond KS2 (docs/national-input.md): the optional `key_stage` column, KS1 and KS4
/// subjects, the optional group columns `fsm_status`, `sen_provision`, `first_language`, several files at once, the
/// "National other pupils" rows of `gaps-by-characteristic.csv` for KS1 and KS4, and the Progress 8 SD that
/// `ks4-progress.csv` takes from the national file. Expected values are worked out by hand in the comments.
@Suite struct NationalKS1KS4Tests {
    static let la = "801"
    static let primary = (urn: "100001", laEstab: "8012001", name: "Alpha Primary")
    static let secondary = (urn: "200001", laEstab: "8014001", name: "Gamma High")
    static let noSuppression = Suppression(minimumDenominator: 1, minimumNumerator: 1)

    static let header = "key_stage,time_period,time_identifier,geographic_level,country_code,country_name,subject,sex,disadvantage_status,ethnicity_major,sen_provision,pupil_count,expected_standard_count,expected_standard_percent,higher_standard_count,higher_standard_percent,average_score,average_score_sd"
    static let prefix = "202324,Academic year,National,E92000001,England"

    /// KS4 2023/24 figures used throughout:
    /// - English, Not known to be disadvantaged: 400000 pupils, 300000 at grade 4+ (75%), 200000 at 5+, average 5.5, SD 1.8;
    /// - English, Total: 600000 pupils, 390000 at 4+; English, SEN support: 60000 pupils, 15000 at 4+;
    /// - Attainment 8, Not known to be disadvantaged: 400000 pupils, average 50, SD 20;
    /// - Progress 8, Total: 600000 pupils, average 0, SD 1.0 (`progress8SD`; blank to leave the shipped one);
    /// - KS1 Reading 2018/19, Not known to be disadvantaged: 500000 pupils, 400000 expected (80%), 150000 greater depth.
    static func ks4Lines(progress8SD: String = "1.0") -> [String] {
        [
            header,
            "KS4,\(prefix),English,Total,Not known to be disadvantaged,Total,Total,400000,300000,75,200000,50,5.5,1.8",
            "KS4,\(prefix),English,Total,Total,Total,Total,600000,390000,65,250000,42,5.0,2.0",
            "KS4,\(prefix),English,Total,Total,Total,SEN support / SEN without an EHC plan,60000,15000,25,6000,10,z,",
            "KS4,\(prefix),Attainment 8,Total,Not known to be disadvantaged,Total,Total,400000,z,z,z,z,50,20",
            "KS4,\(prefix),Progress 8,Total,Total,Total,Total,600000,z,z,z,z,0,\(progress8SD)",
            "KS1,201819,Academic year,National,E92000001,England,Reading,Total,Not known to be disadvantaged,Total,Total,500000,400000,80,150000,30,z,z",
        ]
    }

    static func write(_ lines: [String], name: String = "national-\(UUID().uuidString).csv") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    // MARK: - Reading the new columns

    @Test func keyStageAndGroupColumnsAreRead() throws {
        let url = try Self.write(Self.ks4Lines())
        defer { try? FileManager.default.removeItem(at: url) }
        let national = try NationalFigures.read(from: url)
        let english = try #require(national.figure(NationalFigureKey(timePeriod: "202324", keyStage: .ks4, measure: "English",
                                                                     disadvantageStatus: "Not known to be disadvantaged")))
        #expect(english.pupilCount == 400000 && english.expectedStandardCount == 300000 && english.averageScoreSD == 1.8)
        let sen = try #require(national.figure(NationalFigureKey(timePeriod: "202324", keyStage: .ks4, measure: "English",
                                                                 senProvision: "SEN support / SEN without an EHC plan")))
        #expect(sen.pupilCount == 60000 && sen.averageScore == nil && sen.averageScoreSD == nil)
        let ks1 = try #require(national.figure(NationalFigureKey(timePeriod: "201819", keyStage: .ks1, measure: "Reading",
                                                                 disadvantageStatus: "Not known to be disadvantaged")))
        #expect(ks1.higherStandardCount == 150000)
        // The same subject name at KS2 is another figure: not in this file.
        #expect(national.figure(NationalFigureKey(timePeriod: "201819", subject: .reading, disadvantageStatus: "Not known to be disadvantaged")) == nil)
        // Covered: KS1 and KS4 (not KS2), with SEN provision (its column) but not FSM or first language.
        #expect(Set(national.carried.keys) == [.ks1, .ks4])
        #expect(national.carried[.ks4] == [.sex, .disadvantage, .ethnicityMajor, .senProvision])
    }

    @Test func aFileWithoutKeyStageIsKS2() throws {
        let url = try Self.write([AggregateNationalTests.header, AggregateNationalTests.good])
        defer { try? FileManager.default.removeItem(at: url) }
        let national = try NationalFigures.read(from: url)
        #expect(national.figure(NationalFigureKey(timePeriod: "202324", subject: .reading))?.pupilCount == 600000)
        #expect(national.carried == [.ks2: [.sex, .disadvantage, .ethnicityMajor]])
    }

    /// Reads `lines` as a comparator and returns the error's text and the file's path.
    static func readError(_ lines: [String]) throws -> (message: String, path: String) {
        let url = try write(lines)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try NationalFigures.read(from: url)
        } catch let error as GapsError {
            return (error.description, url.path)
        }
        Issue.record("expected \(lines) to be rejected")
        return ("", url.path)
    }

    @Test func everyNewColumnIsCheckedWithFileLineAndColumn() throws {
        let good = Self.ks4Lines()
        // (line 2 replaced by, column named, found value)
        let cases: [(String, String, String)] = [
            (good[1].replacingOccurrences(of: "KS4,", with: "KS3,"), "key_stage", "'KS3'"),
            (good[1].replacingOccurrences(of: ",English,", with: ",Reading,"), "subject", "'Reading'"),  // a KS2 subject
            (good[4].replacingOccurrences(of: ",50,20", with: ",460,20"), "average_score", "'460'"),  // A8 is 0-90
            (good[2].replacingOccurrences(of: ",5.0,2.0", with: ",9.5,2.0"), "average_score", "'9.5'"),  // grade points 0-9
            (good[5].replacingOccurrences(of: ",0,1.0", with: ",0,25"), "average_score_sd", "'25'"),  // wider than -10..10
            (good[5].replacingOccurrences(of: ",0,1.0", with: ",0,-1"), "average_score_sd", "'-1'"),
            (good[3].replacingOccurrences(of: "SEN support / SEN without an EHC plan", with: "SEN support"), "sen_provision", "'SEN support'"),
        ]
        for (line, column, found) in cases {
            let (message, path) = try Self.readError([good[0], line])
            #expect(message.hasPrefix("\(path):2: ") && message.contains("column '\(column)'") && message.contains("found \(found)"),
                    "\(message)")
        }
        // A KS4 subject is not a KS2 one either, and the message lists the key stage's subjects.
        let (ks2Message, _) = try Self.readError([good[0], good[1].replacingOccurrences(of: "KS4,", with: "KS2,")])
        #expect(ks2Message.contains("column 'subject': expected for KS2 one of 'Reading'") && ks2Message.contains("found 'English'"))

        // The other optional group columns, on line 3 of a file that has them.
        let wideHeader = Self.header.replacingOccurrences(of: ",sen_provision,", with: ",fsm_status,sen_provision,first_language,")
        let wide = "KS4,\(Self.prefix),Maths,Total,Total,Total,Total,Total,Total,600000,400000,67,300000,50,4.8,2.0"
        for (column, bad) in [("fsm_status", "Eligible for free school meals"), ("first_language", "English")] {
            var values = wide.components(separatedBy: ",")
            values[wideHeader.components(separatedBy: ",").firstIndex(of: column)!] = bad
            let (message, path) = try Self.readError([wideHeader, wide, values.joined(separator: ",")])
            #expect(message.hasPrefix("\(path):3: ") && message.contains("column '\(column)'") && message.contains("found '\(bad)'"),
                    "\(message)")
        }
    }

    @Test func severalFilesReadAsOneAndAGroupTwiceNamesBoth() throws {
        let ks2 = try Self.write([AggregateNationalTests.header, AggregateNationalTests.good])
        let ks4 = try Self.write(Self.ks4Lines())
        defer { for url in [ks2, ks4] { try? FileManager.default.removeItem(at: url) } }
        let national = try #require(try NationalFigures.read(from: [ks2, ks4]))
        #expect(national.paths == [ks2.path, ks4.path] && national.figures.count == 1 + 6)
        #expect(national.carried[.ks2] == [.sex, .disadvantage, .ethnicityMajor] && national.carried[.ks4]?.contains(.senProvision) == true)
        #expect(try NationalFigures.read(from: []) == nil)

        // The KS2 row again, in a file with a key_stage column: an error on its line, naming the first file's line.
        let again = try Self.write([Self.header, "KS2,\(Self.prefix),Reading,Total,Total,Total,Total,600000,440000,73,170000,28,105,"])
        defer { try? FileManager.default.removeItem(at: again) }
        do {
            _ = try NationalFigures.read(from: [ks2, again])
            Issue.record("a group given twice must be rejected")
        } catch let error as GapsError {
            #expect(error.description.hasPrefix("\(again.path):2: ") && error.description.contains("as \(ks2.path):2 "), "\(error)")
        }
    }

    @Test func theShippedKS1KS4ExampleReadsWithTheKS2One() throws {
        let folder = EndToEndTests.repository.appendingPathComponent("fixtures/national")
        let national = try #require(try NationalFigures.read(from: [folder.appendingPathComponent("ks2-national-example.csv"),
                                                                    folder.appendingPathComponent("ks1-ks4-national-example.csv")]))
        #expect(national.timePeriods == ["201819", "202223", "202324"])
        #expect(Set(national.carried.keys) == [.ks1, .ks2, .ks4])
        #expect(national.carried[.ks4] == Set(NationalFigures.groupColumns.map(\.dimension)))
        // The Total rows add up: KS4 English and maths, Boys + Girls = Total.
        func pupils(_ sex: String) -> Int? {
            national.figure(NationalFigureKey(timePeriod: "202324", keyStage: .ks4, measure: "English and maths", sex: sex))?.expectedStandardCount
        }
        #expect(pupils("Boys")! + pupils("Girls")! == pupils("Total")!)
        // The all-pupils Progress 8 SD is left blank, so the demo keeps the shipped DfE value.
        #expect(national.progress8Deviations(catalogue: try NationalMeasureCatalogue.shipped()).isEmpty)
    }

    @Test func theCatalogueKS2SubjectsAreAttainmentsOnes() throws {
        let catalogue = try NationalMeasureCatalogue.shipped()
        #expect(catalogue.subjects(of: .ks2) == KS2Subject.allCases.map(\.rawValue))
        // Every KS1 and KS4 measure of attainment-by-characteristic.csv can be compared with a national subject.
        for measure in BreakdownMeasure.all {
            #expect(catalogue.measure(measure.keyStage, measure.name) != nil, "\(measure.name)")
        }
        #expect(catalogue.measure(.ks4, "Progress 8 English element")?.progress8Measure == .english)
    }

    // MARK: - Comparisons in gaps-by-characteristic.csv

    /// A pupil and their results, placed at `school` in LA 801.
    struct Cohort {
        var pupils: [NormalisedPupil] = []
        var results: [NormalisedResult] = []

        mutating func pupil(_ upn: String, disadvantaged: Bool, sen: String = "No SEN", sex: String = "Boys") {
            var pupil = NormalisedPupil()
            pupil.upn = upn
            pupil.sex = sex
            pupil.disadvantaged = disadvantaged
            pupil.fsmEver6 = disadvantaged
            pupil.ethnicityMajor = "White"
            pupil.ethnicityMinor = "Irish"
            pupil.senProvision = sen
            pupil.firstLanguage = "English"
            pupils.append(pupil)
        }

        mutating func result(_ upn: String, _ measure: AssessmentMeasure, year: String = "202324",
                             school: (urn: String, laEstab: String, name: String) = NationalKS1KS4Tests.secondary,
                             points: Double? = nil, scaled: Double? = nil, expected: Bool = false, higher: Bool = false) {
            var result = NormalisedResult()
            result.upn = upn
            result.schoolURN = school.urn
            result.schoolLAEstab = school.laEstab
            result.schoolName = school.name
            result.la = NationalKS1KS4Tests.la
            result.timePeriod = year
            result.measure = measure
            result.kind = scaled != nil ? .scaledScore : points != nil ? .score : .teacherAssessment
            result.result = (scaled ?? points).map(formatNumber) ?? "EXS"
            result.points = points
            result.scaledScore = scaled
            result.meetsExpected = expected
            result.meetsHigher = higher
            results.append(result)
        }

        func gapRows(national: NationalFigures) throws -> [BreakdownGapRow] {
            let labels = try CharacteristicLabels.shipped()
            let located = results.enumerated().map { ($0.element, GapsCore.SourceLocation(file: "results.csv", line: $0.offset + 2)) }
            let cohorts = try BreakdownCohorts.build(pupils: pupils, results: located, labels: labels,
                                                     localAuthorities: try LocalAuthorityLookup.shipped())
            let table = BreakdownTable(cohorts: cohorts, labels: labels, suppression: NationalKS1KS4Tests.noSuppression)
            return BreakdownGapTable.rows(from: table, national: national)
        }
    }

    /// Secondary school Gamma High, KS4 2023/24:
    /// - 10 disadvantaged pupils D0-D9; English grades 6, 5, 4, 4, 3, 3, 2, 2, 1, 1 (4 at grade 4+: D0-D3);
    ///   Attainment 8 for D0-D5: 30, 35, 40, 50, 55, 60; D0-D2 on SEN support.
    /// - 10 other pupils N0-N9, English grade 6, Attainment 8 70.
    static func ks4Cohort() -> Cohort {
        var cohort = Cohort()
        let grades: [Double] = [6, 5, 4, 4, 3, 3, 2, 2, 1, 1]
        let attainment8: [Double] = [30, 35, 40, 50, 55, 60]
        for i in 0..<10 {
            let upn = "D\(i)"
            cohort.pupil(upn, disadvantaged: true, sen: i < 3 ? "SEN support" : "No SEN")
            cohort.result(upn, .ks4EnglishGrade, points: grades[i], expected: grades[i] >= 4, higher: grades[i] >= 5)
            if i < attainment8.count { cohort.result(upn, .ks4Attainment8, points: attainment8[i]) }
        }
        for i in 0..<10 {
            cohort.pupil("N\(i)", disadvantaged: false)
            cohort.result("N\(i)", .ks4EnglishGrade, points: 6, expected: true, higher: true)
            cohort.result("N\(i)", .ks4Attainment8, points: 70)
        }
        return cohort
    }

    static func row(_ rows: [BreakdownGapRow], _ measure: String, _ indicator: BreakdownIndicator, _ group: String,
                    keyStage: KeyStage = .ks4) -> BreakdownGapRow? {
        let found = rows.filter {
            $0.place == .school(urn: secondary.urn) && $0.measure.keyStage == keyStage && $0.measure.name == measure
                && $0.indicator == indicator && $0.group.label == group && $0.comparator == "National other pupils"
        }
        #expect(found.count == 1, "one national row for \(measure) \(group), found \(found.count)")
        return found.first
    }

    static func number(_ text: String) -> Double { Double(text) ?? .nan }

    @Test func ks4PercentageGapAgainstNationalOtherPupilsByHand() throws {
        let url = try Self.write(Self.ks4Lines())
        defer { try? FileManager.default.removeItem(at: url) }
        let rows = try Self.ks4Cohort().gapRows(national: try NationalFigures.read(from: url))
        // Disadvantaged, English grade 4+: 4 of 10 = 40%. National Not known to be disadvantaged: 300000 / 400000 =
        // 75%; the file gives the counts, so Newcombe's hybrid score interval (as every gap in percentages).
        // Wilson 95%, z = 1.959964, z^2 = 3.841459: centre = (2 x 4 + z^2) / (2 (10 + z^2)) = 11.841459 / 27.682918
        //   = 0.4277533; half-width = z sqrt(z^2 + 4 x 4 x 6 / 10) / 27.682918 = 1.959964 x sqrt(13.441459) / 27.682918
        //   = 1.959964 x 3.666260 / 27.682918 = 0.2595730. Limits 0.1681803 to 0.6873262.
        // National Wilson limits 0.7486557 to 0.7513395. Newcombe: lower -0.35 - sqrt((0.4 - 0.1681803)^2 +
        // (0.7513395 - 0.75)^2) = -0.35 - sqrt(0.0537405 + 0.0000018) = -0.5818235; upper -0.35 +
        // sqrt((0.6873262 - 0.4)^2 + (0.75 - 0.7486557)^2) = -0.35 + sqrt(0.0825565 + 0.0000018) = -0.0626706.
        // Gap -35 points, interval -58.18235 to -6.26706: significant. (The local Wilson interval shifted by a
        // fixed 75%, -58.18197 to -6.26738, is the same to 0.001 points at national size.)
        let row = try #require(Self.row(rows, "English", .expectedStandard, "Disadvantaged"))
        #expect(row.comparisonGroup == "Not known to be disadvantaged")
        #expect(row.groupCount == "10" && row.groupValue == "40" && row.comparisonCount == "400000" && row.comparisonValue == "75")
        #expect(abs(Self.number(row.gap) - -35) < 1e-9)
        #expect(abs(Self.number(row.gapLowerCI) - -58.18235) < 1e-4)
        #expect(abs(Self.number(row.gapUpperCI) - -6.26706) < 1e-4)
        #expect(row.significant == "Yes" && row.effectSize == "z")
        #expect(row.ciMethod == NationalIntervalMethod.newcombe)
        #expect(row.measure.keyStage == .ks4 && row.group.topic == "Disadvantage status")
    }

    @Test func ks4Attainment8MeanGapIsWelchWithTheNationalSD() throws {
        let url = try Self.write(Self.ks4Lines())
        defer { try? FileManager.default.removeItem(at: url) }
        let rows = try Self.ks4Cohort().gapRows(national: try NationalFigures.read(from: url))
        // Disadvantaged with an Attainment 8 score: 30, 35, 40, 50, 55, 60. Mean 270 / 6 = 45; deviations -15, -10,
        // -5, 5, 10, 15: sum of squares 700, variance 700 / 5 = 140.
        // National Not known to be disadvantaged: n = 400000, mean 50, SD 20 -> variance / n = 400 / 400000 = 0.001.
        // SE^2 = 140 / 6 + 0.001 = 23.334333, SE = 4.830562.
        // df = 23.334333^2 / ((140 / 6)^2 / 5 + 0.001^2 / 399999) = 544.4911 / 108.8889 = 5.000429;
        // t(0.975, 5) = 2.570582, and dt/ddf near 5 is about (t(6) - t(4)) / 2 = (2.446912 - 2.776445) / 2 = -0.164767,
        // so t(0.975, 5.000429) = 2.570582 - 0.000429 x 0.164767 = 2.570511. Half-width 2.570511 x 4.830562 = 12.41701.
        // Gap 45 - 50 = -5, interval -17.41701 to 7.41701: not significant.
        // Hedges' g: pooled variance (5 x 140 + 399999 x 400) / 400004 = 160000300 / 400004 = 399.996750, SD 19.999919;
        // d = -5 / 19.999919 = -0.2500010; J = 1 - 3 / (4 x 400006 - 9) = 0.99999813; g = -0.2500006.
        let row = try #require(Self.row(rows, "Attainment 8", .averageScore, "Disadvantaged"))
        #expect(row.groupCount == "6" && row.groupValue == "45" && row.comparisonValue == "50")
        #expect(abs(Self.number(row.gap) - -5) < 1e-9)
        #expect(abs(Self.number(row.gapLowerCI) - -17.41701) < 1e-3)
        #expect(abs(Self.number(row.gapUpperCI) - 7.41701) < 1e-3)
        #expect(row.significant == "No")
        #expect(abs(Self.number(row.effectSize) - -0.2500006) < 1e-6)
        #expect(row.ciMethod == NationalIntervalMethod.welch)
        // The national file has no Attainment 8 row for disadvantaged pupils: other pupils' comparison is `x`.
        let others = try #require(Self.row(rows, "Attainment 8", .averageScore, "Not known to be disadvantaged"))
        #expect(others.comparisonValue == "x" && others.gap == "x" && others.groupValue == "70")
    }

    @Test func senGroupsAreComparedWithNationalTotalMinusTheGroup() throws {
        let url = try Self.write(Self.ks4Lines())
        defer { try? FileManager.default.removeItem(at: url) }
        let rows = try Self.ks4Cohort().gapRows(national: try NationalFigures.read(from: url))
        // SEN support (D0-D2, grades 6, 5, 4: all 3 at 4+ = 100%) against national Total minus SEN support:
        // (390000 - 15000) / (600000 - 60000) = 375000 / 540000 = 69.444444%.
        let row = try #require(Self.row(rows, "English", .expectedStandard, "SEN support / SEN without an EHC plan"))
        #expect(row.comparisonGroup == "Other pupils" && row.comparisonCount == "540000")
        #expect(abs(Self.number(row.comparisonValue) - 69.444444) < 1e-5 && row.groupValue == "100")
        // Averages cannot be taken apart from a Total: `x`. Groups with no national row (No SEN provision): `x`.
        #expect(try #require(Self.row(rows, "English", .averageScore, "SEN support / SEN without an EHC plan")).gap == "x")
        #expect(try #require(Self.row(rows, "English", .expectedStandard, "No SEN provision")).comparisonValue == "x")
        // The file has no fsm_status or first_language column: those groups get no national row at all; nor KS2,
        // which this file does not cover.
        #expect(!rows.contains { $0.comparator == "National other pupils" && ["FSM status", "First language", "Ethnicity minor"].contains($0.group.topic) })
    }

    @Test func ks1GroupsAreComparedWithNationalKS1Figures() throws {
        var cohort = Cohort()
        // Alpha Primary, KS1 2018/19: 5 disadvantaged pupils, 2 at the expected standard (40%).
        for i in 0..<5 {
            cohort.pupil("K\(i)", disadvantaged: true)
            cohort.result("K\(i)", .ks1Reading, year: "201819", school: Self.primary, expected: i < 2)
        }
        let url = try Self.write(Self.ks4Lines())
        defer { try? FileManager.default.removeItem(at: url) }
        let rows = try cohort.gapRows(national: try NationalFigures.read(from: url))
        let found = rows.filter {
            $0.place == .school(urn: Self.primary.urn) && $0.measure.keyStage == .ks1 && $0.measure.name == "Reading"
                && $0.indicator == .expectedStandard && $0.group.label == "Disadvantaged" && $0.comparator == "National other pupils"
        }
        let row = try #require(found.first)
        // 40% against national 400000 / 500000 = 80%: gap -40 points.
        #expect(found.count == 1 && row.comparisonValue == "80" && abs(Self.number(row.gap) - -40) < 1e-9)
        #expect(row.ciMethod == NationalIntervalMethod.newcombe)
    }

    // MARK: - Progress 8 SD in ks4-progress.csv

    /// The stage on eight KS4 pupils with Progress 8 scores 0.6, -0.2, 1.0, -1.0, 0.2, -0.2, 0.3, 0.1 (sum 0.8,
    /// mean 0.1) and English element scores, plus one KS2 pupil (every real run has a KS2 cohort).
    static func runStage(nationalLines: [[String]]) throws -> (ks4: [[String: String]], manifest: String) {
        var cohort = Cohort()
        cohort.pupil("P1", disadvantaged: false)
        cohort.result("P1", .ks2Reading, school: primary, scaled: 100, expected: true)
        for (i, score) in [0.6, -0.2, 1.0, -1.0, 0.2, -0.2, 0.3, 0.1].enumerated() {
            cohort.pupil("S\(i)", disadvantaged: false)
            cohort.result("S\(i)", .ks4Attainment8, points: 50)
            cohort.result("S\(i)", .ks4Progress8, points: score)
            cohort.result("S\(i)", .ks4Progress8English, points: score)
        }
        var fixture = AggregateStageTests.Fixture()
        fixture.pupils = cohort.pupils
        fixture.results = cohort.results
        let directory = try AggregateStageTests.writeNormalised(fixture)
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = AggregateOptions(suppression: noSuppression)
        for (index, lines) in nationalLines.enumerated() {
            let url = directory.appendingPathComponent("national-\(index).csv")
            try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            options.nationalFiles.append(url.path)
        }
        let out = directory.appendingPathComponent("published")
        try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: out.path, options: options)
        let ks4 = try AggregateStageTests.readTable(out.appendingPathComponent(KS4ProgressTable.fileName)).rows
        return (ks4, try String(contentsOf: out.appendingPathComponent(Manifest.fileName), encoding: .utf8))
    }

    static func total(_ rows: [[String: String]], _ measure: String) -> [String: String]? {
        rows.first { $0["school_urn"] == secondary.urn && $0["measure"] == measure && $0["sex"] == "Total" && $0["disadvantage_status"] == "Total" }
    }

    @Test func theProgress8SDOfTheNationalFileChangesTheInterval() throws {
        // National SD 1.0 for 2023/24: half-width 1.96 x 1.0 / sqrt(8) = 1.96 / 2.828427 = 0.692965;
        // interval 0.1 -/+ 0.692965 = -0.592965 to 0.792965.
        let withFile = try Self.runStage(nationalLines: [Self.ks4Lines(progress8SD: "1.0")])
        let p8 = try #require(Self.total(withFile.ks4, "Progress 8"))
        #expect(abs(Self.number(p8["average_score"]!) - 0.1) < 1e-9 && p8["national_standard_deviation"] == "1")
        #expect(abs(Self.number(p8["average_score_lower_ci"]!) - -0.592965) < 1e-6)
        #expect(abs(Self.number(p8["average_score_upper_ci"]!) - 0.792965) < 1e-6)
        // The file gives no English element SD: the shipped 1.614052 stays, half-width 1.96 x 1.614052 / 2.828427
        // = 3.163542 / 2.828427 = 1.118481.
        let english = try #require(Self.total(withFile.ks4, "English element"))
        #expect(english["national_standard_deviation"] == "1.614052")
        #expect(abs(Self.number(english["average_score_upper_ci"]!) - 1.218481) < 1e-6)
        #expect(withFile.manifest.contains("ks4-progress.csv national SDs for 202324: Progress 8 from the national comparator file (national-0.csv); English element, Maths element, EBacc element, Open element from the shipped progress/progress8-national-sd.csv"))

        // A blank SD (or no national file) keeps the shipped 1.41628: half-width 1.96 x 1.41628 / 2.828427
        // = 2.775909 / 2.828427 = 0.981432; interval -0.881432 to 1.081432.
        for lines in [[Self.ks4Lines(progress8SD: "")], []] {
            let shipped = try Self.runStage(nationalLines: lines)
            let row = try #require(Self.total(shipped.ks4, "Progress 8"))
            #expect(row["national_standard_deviation"] == "1.41628")
            #expect(abs(Self.number(row["average_score_lower_ci"]!) - -0.881432) < 1e-6)
            #expect(abs(Self.number(row["average_score_upper_ci"]!) - 1.081432) < 1e-6)
            #expect(shipped.manifest.contains("ks4-progress.csv national SDs for 202324: Progress 8, English element"))
        }
    }

    // MARK: - KS2-only files publish what they did

    /// KS1 (2018/19), KS2 (2022/23) and KS4 (2023/24) pupils; the shipped KS2 example alone, then the same KS2 rows with a `key_stage` column plus the
    /// shipped KS1/KS4 example. Every KS2 output is identical; only KS1 and KS4 national rows are added.
    @Test func aKS2OnlyFileGivesTheSameKS2Output() throws {
        var cohort = Cohort()
        for i in 0..<24 {
            let upn = "Q\(i)"
            cohort.pupil(upn, disadvantaged: i % 3 == 0, sex: i.isMultiple(of: 2) ? "Boys" : "Girls")
            let score = 92 + Double((i * 7) % 25)
            cohort.result(upn, .ks2Reading, year: "202223", school: Self.primary, scaled: score, expected: score >= 100, higher: score >= 110)
            cohort.result(upn, .ks2Maths, year: "202223", school: Self.primary, scaled: 210 - score, expected: 210 - score >= 100,
                          higher: 210 - score >= 110)
            cohort.result(upn, .ks1Reading, year: "201819", school: Self.primary, expected: i % 4 != 0, higher: i % 5 == 0)
            cohort.result(upn, .ks4EnglishGrade, points: Double(i % 9 + 1), expected: i % 9 + 1 >= 4, higher: i % 9 + 1 >= 5)
        }
        var fixture = AggregateStageTests.Fixture()
        fixture.pupils = cohort.pupils
        fixture.results = cohort.results
        let directory = try AggregateStageTests.writeNormalised(fixture)
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = EndToEndTests.repository.appendingPathComponent("fixtures/national")
        let ks2 = folder.appendingPathComponent("ks2-national-example.csv")
        // The KS2 example with a key_stage column (KS2 on every row), made with our own CSV reader and writer.
        let withKeyStage = directory.appendingPathComponent("ks2-with-key-stage.csv")
        let original = try CSVReader(path: ks2.path).readAll()
        let writer = try CSVWriter(url: withKeyStage, header: ["key_stage"] + original[0].fields, restricted: false)
        for record in original.dropFirst() { try writer.write(["KS2"] + record.fields) }
        _ = try writer.close()

        func run(_ files: [URL], into name: String) throws -> URL {
            var options = AggregateOptions()
            options.nationalFiles = files.map(\.path)
            let out = directory.appendingPathComponent(name)
            try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: out.path, options: options)
            return out
        }
        let old = try run([ks2], into: "old")
        let new = try run([withKeyStage, folder.appendingPathComponent("ks1-ks4-national-example.csv")], into: "new")
        for name in ["gaps.csv", "attainment.csv", "attainment-by-characteristic.csv", "ks4-progress.csv"] {
            let before = try Data(contentsOf: old.appendingPathComponent(name)), after = try Data(contentsOf: new.appendingPathComponent(name))
            #expect(before == after, "\(name)")
        }
        let before = try AggregateStageTests.readTable(old.appendingPathComponent("gaps-by-characteristic.csv")).rows
        let after = try AggregateStageTests.readTable(new.appendingPathComponent("gaps-by-characteristic.csv")).rows
        #expect(before.filter { $0["key_stage"] == "Key stage 2" } == after.filter { $0["key_stage"] == "Key stage 2" })
        #expect(before.contains { $0["comparator"] == "National other pupils" && $0["key_stage"] == "Key stage 2" })
        #expect(!before.contains { $0["comparator"] == "National other pupils" && $0["key_stage"] != "Key stage 2" })
        // The rows the KS1/KS4 file adds: national rows for KS1 and KS4 only, nothing else.
        func line(_ row: [String: String]) -> String { row.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "|") }
        let beforeLines = Set(before.map(line))
        let added = after.filter { !beforeLines.contains(line($0)) }
        #expect(!added.isEmpty && added.allSatisfy { $0["comparator"] == "National other pupils" })
        #expect(Set(added.map { $0["key_stage"]! }) == ["Key stage 1", "Key stage 4"])
        #expect(after.count == before.count + added.count)
    }
}

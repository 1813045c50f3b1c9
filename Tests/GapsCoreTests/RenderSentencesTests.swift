import Foundation
import Testing
@testable import GapsCore

@Suite struct RenderSentencesTests {
    private let writer: GapSentenceWriter

    init() throws {
        writer = GapSentenceWriter(phrases: try SentencePhrases.load(), rules: .standard)
    }

    @Test func statesDirectionSizeIntervalWidthAndChange() throws {
        // Disadvantaged 4 of 9 (44.44%) against others 13 of 21 (61.90%): gap -17.46, shown as 17 (half up), with
        // the group values 44% and 62%. Interval -50.2 to 14.9: from 50 below to 15 above, so it includes zero.
        // Half-width (14.9 + 50.2) / 2 = 32.55 > 20, and the smaller group is the 9 disadvantaged pupils.
        // 2022/23 gap -21.5 rounds half up to 22; 22 - 17 = 5, so it narrowed by 5.
        let now = try makeGapRecord(
            ["9", "44.44444444444444", "21", "61.904761904761905", "-17.46031746031746", "-50.2", "14.9", "No", "-0.3"])
        let before = try makeGapRecord(
            period: "202223", ["10", "40", "20", "61.5", "-21.5", "-55", "12", "No", "-0.4"])
        #expect(writer.sentence(for: now, previous: before) == """
            Disadvantaged pupils' rate of reaching the expected standard in reading, writing and maths was 17 \
            percentage points below that of other pupils within the school (44% against 62%). The 95% confidence \
            interval runs from 50 below to 15 above, so it includes zero: the gap could be chance. The interval is \
            wide because there are only 9 disadvantaged pupils. The gap narrowed by 5 percentage points since 2022/23.
            """)
    }

    @Test func namesTheNationalComparatorAndSaysWhenTheIntervalExcludesZero() throws {
        // 50% against 68.5% (69 half up): gap -18.5, 19 half up, so the sentence agrees with 50 and 69.
        // Interval -33.7 to -3.25: 34 below to 3 below, excluding zero; half-width 15.2 is under 20: no width clause.
        let record = try makeGapRecord(
            subject: "Reading", comparator: "National other pupils",
            ["40", "50", "400000", "68.5", "-18.5", "-33.7", "-3.25", "Yes", "-0.4"])
        #expect(writer.sentence(for: record, previous: nil) == """
            Disadvantaged pupils' rate of reaching the expected standard in reading was 19 percentage points below \
            that of national other pupils (50% against 69%). The 95% confidence interval runs from 34 below to 3 \
            below, so it excludes zero: a gap this size is unlikely to be chance alone.
            """)
    }

    @Test func describesAReversalAWideningAndNoChange() throws {
        // Boys 2.4 points above girls now (2), 5 below in 2022/23 (-5): signs differ, so "the other way round".
        let boysAhead = try makeGapRecord(
            subject: "Maths", breakdown: "Sex", ["30", "72.4", "30", "70", "2.4", "-20", "24.8", "No", "0.05"])
        let boysBehind = try makeGapRecord(
            period: "202223", subject: "Maths", breakdown: "Sex", ["30", "65", "30", "70", "-5", "-28", "18", "No", "-0.1"])
        #expect(writer.sentence(for: boysAhead, previous: boysBehind).hasSuffix(
            "In 2022/23 the gap was the other way round: boys were 5 percentage points below."))
        // -12 now, -7.5 before (8 half up): 8 - 12 = -4, widened by 4.
        let wider = try makeGapRecord(["20", "50", "40", "62", "-12", "-30", "6", "No", "-0.2"])
        let narrower = try makeGapRecord(period: "202122", ["20", "55", "40", "62.5", "-7.5", "-26", "11", "No", "-0.1"])
        let widened = writer.sentence(for: wider, previous: narrower)
        #expect(widened.hasSuffix("The gap widened by 4 percentage points since 2021/22."))
        // -12.4 (12) against -11.6 (12): same size once rounded.
        let same = try makeGapRecord(["20", "50", "40", "62.4", "-12.4", "-30", "6", "No", "-0.2"])
        let sameBefore = try makeGapRecord(period: "202223", ["20", "50", "40", "61.6", "-11.6", "-30", "6", "No", "-0.2"])
        #expect(writer.sentence(for: same, previous: sameBefore).hasSuffix("The gap was the same size in 2022/23."))
        // A suppressed earlier gap adds nothing.
        let suppressedBefore = try makeGapRecord(period: "202223", ["c", "c", "c", "c", "c", "c", "c", "c", "c"])
        #expect(!writer.sentence(for: same, previous: suppressedBefore).contains("2022/23"))
    }

    @Test func averageScoresUseOneDecimalAndPoints() throws {
        // 103.25 -> 103.3 and 105.3; gap -2.05 -> 2.1 half up; interval -4.45 to 0.35 -> 4.5 below to 0.4 above.
        // Half-width 2.4 is under the 4-point threshold: no width clause.
        let record = try makeGapRecord(
            subject: "Maths", indicator: "Average scaled score", breakdown: "Sex",
            ["28", "103.25", "31", "105.3", "-2.05", "-4.45", "0.35", "No", "-0.3"])
        #expect(writer.sentence(for: record, previous: nil) == """
            Boys' average scaled score in maths was 2.1 points below that of girls within the school (103.3 against \
            105.3). The 95% confidence interval runs from 4.5 below to 0.4 above, so it includes zero: the gap could \
            be chance.
            """)
    }

    @Test func anIntervalEndThatRoundsToZeroIsNotCalledZero() throws {
        // Upper end -0.3 rounds to 0 but excludes zero: "less than 0.5 below", never "0" beside "excludes zero".
        let record = try makeGapRecord(subject: "Maths", ["30", "50", "60", "71", "-21", "-40.2", "-0.3", "Yes", "-0.4"])
        #expect(writer.sentence(for: record, previous: nil).contains(
            "runs from 40 below to less than 0.5 below, so it excludes zero"))
        // For average scores, one decimal: 0.04 above is "less than 0.05 above".
        let score = try makeGapRecord(
            subject: "Maths", indicator: "Average scaled score", ["30", "104", "60", "102", "2", "0.04", "3.96", "Yes", "0.3"])
        #expect(writer.sentence(for: score, previous: nil).contains("runs from less than 0.05 above to 4.0 above"))
    }

    @Test func aGapThatRoundsToZeroIsTheSame() throws {
        let record = try makeGapRecord(
            subject: "Reading", breakdown: "Sex", ["30", "70.2", "30", "69.8", "0.4", "-22", "22.8", "No", "0.01"])
        #expect(writer.sentence(for: record, previous: nil).hasPrefix(
            "Boys' rate of reaching the expected standard in reading was the same as that of girls within the school "
                + "to the nearest percentage point (70% against 70%)."))
    }

    @Test func neverStatesAFigureWhenAnyPartIsSuppressed() throws {
        let suppressed = try makeGapRecord(subject: "Writing", ["c", "c", "c", "c", "c", "c", "c", "c", "c"])
        let sentence = writer.sentence(for: suppressed, previous: nil)
        #expect(sentence == """
            The gap in the rate of reaching the expected standard in writing between disadvantaged pupils and other pupils \
            within the school is not published (c): a group is too small to report without risk of identifying pupils.
            """)
        // Inconsistent input (a gap published next to a suppressed group value) still gives no figure, and the
        // previous year's gap is not used either.
        let halfSuppressed = try makeGapRecord(["7", "c", "30", "60", "-31.4", "-60", "-2", "Yes", "-0.8"])
        let before = try makeGapRecord(period: "202223", ["8", "40", "30", "62", "-22", "-50", "6", "No", "-0.4"])
        let text = writer.sentence(for: halfSuppressed, previous: before)
        let hasDigit = text.contains(where: \.isNumber)
        #expect(!hasDigit)
        #expect(text.contains("not published (c)"))
        // A not-available gap says so with its symbol.
        let missing = try makeGapRecord(["x", "x", "x", "x", "x", "x", "x", "x", "x"])
        #expect(writer.sentence(for: missing, previous: nil).hasSuffix("is not available (x)."))
    }

    @Test func wideClauseNamesTheSmallerGroupAndFollowsTheRules() throws {
        // Half-width (10 + 40) / 2 = 25: wide under the default 20, not under a rule of 30. The comparison group
        // (12 girls) is smaller than the 18 boys.
        let record = try makeGapRecord(breakdown: "Sex", ["18", "50", "12", "65", "-15", "-40", "10", "No", "-0.3"])
        #expect(writer.sentence(for: record, previous: nil).contains("The interval is wide because there are only 12 girls."))
        let lenient = GapSentenceWriter(
            phrases: writer.phrases, rules: GapSentenceRules(wideHalfWidthPercentagePoints: 30))
        #expect(!lenient.sentence(for: record, previous: nil).contains("wide"))
    }

    @Test func phrasesLabelComparatorsAndChartRows() throws {
        let phrases = writer.phrases
        #expect(phrases.gapLabel(group: "Disadvantaged", comparisonGroup: "Not known to be disadvantaged")
            == "Disadvantaged \u{2212} others")
        #expect(phrases.gapLabel(group: "Boys", comparisonGroup: "Girls") == "Boys \u{2212} girls")
        #expect(phrases.comparison("Not known to be disadvantaged", comparator: "National other pupils")
            == "national other pupils")
        #expect(phrases.comparison("Girls", comparator: "Within local authority") == "girls across the local authority")
        // An unlisted comparator is still named.
        #expect(phrases.comparison("Girls", comparator: "Similar schools") == "girls (comparator: Similar schools)")
        #expect(phrases.group("Asian") == "Asian")
    }

    @Test func aBadPhraseTableFailsWithItsLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("phrases-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("kind,label,phrase,short\ngroup,Boys,boys,Boys\ncomparator,Within school,in the school,x\n".utf8)
            .write(to: url)
        #expect(throws: GapsError.invalidConfiguration(
            SourceLocation(file: url.path, line: 3),
            message: "column 'phrase': a comparator phrase must contain {comparison}, found 'in the school'")) {
            try SentencePhrases.load(from: url)
        }
    }
}

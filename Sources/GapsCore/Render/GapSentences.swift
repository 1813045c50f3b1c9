import Foundation

/// When a sentence about a gap adds that its interval is wide, and why (**ours**; see templates/README.md).
///
/// A 95% interval's half-width is how far the true gap could plausibly sit from the published one. Within a
/// school it is nearly always wide, because groups are small; the sentence says so when the half-width passes the
/// threshold, and names the size of the smaller group, which is what drives it. The defaults sit above the
/// half-width of two groups of about 40 pupils at 50% (1.96 x sqrt(0.25/40 + 0.25/40) = 21.9 points just past 20),
/// so the clause marks the intervals that are wide even for a school, not every school gap.
public struct GapSentenceRules: Sendable, Equatable {
    /// For gaps in percentages, in percentage points.
    public var wideHalfWidthPercentagePoints: Double
    /// For gaps in average scaled scores, in scaled-score points (a KS2 scaled score's SD is about 6 to 7).
    public var wideHalfWidthScorePoints: Double

    public init(wideHalfWidthPercentagePoints: Double = 20, wideHalfWidthScorePoints: Double = 4) {
        self.wideHalfWidthPercentagePoints = wideHalfWidthPercentagePoints
        self.wideHalfWidthScorePoints = wideHalfWidthScorePoints
    }

    public static let standard = GapSentenceRules()
}

/// Writes the plain-English sentences a head, a governor or an inspector reads before the tables:
/// "Disadvantaged pupils' rate of reaching the expected standard in reading, writing and maths was 18 percentage
/// points below that of other pupils within the school (50% against 68%). ..."
///
/// Every sentence names its comparator. A sentence states numbers only when the gap and both groups' values are
/// published numbers: if any of them is a symbol (suppressed, not available) it says the gap is not published and
/// why, and gives no figure at all, not even a count. Sizes are rounded half up like the tables, so a sentence
/// agrees with the figures beside it; a change since an earlier year is the difference of the rounded gaps, for the
/// same reason. A change between years is described, not tested.
struct GapSentenceWriter {
    let phrases: SentencePhrases
    let rules: GapSentenceRules

    /// The sentences about `record`; `previous` is the same gap (place, subject, indicator, groups, comparator) in
    /// the most recent earlier year that has it, if any.
    func sentence(for record: GapRecord, previous: GapRecord?) -> String {
        let places = record.isPercentage ? 0 : 1
        let group = phrases.group(record.group)
        let comparison = phrases.comparison(record.comparisonGroup, comparator: record.comparator)
        let measure = "\(phrases.indicator(record.indicator)) in \(phrases.subject(record.subject))"

        guard let gap = record.gap.number, let groupValue = record.groupValue.number,
              let comparisonValue = record.comparisonValue.number
        else {
            let symbol = record.gap.symbol ?? record.groupValue.symbol ?? record.comparisonValue.symbol ?? .notAvailable
            return "The gap in the \(measure) between \(group) and \(comparison) is \(Self.notPublishedReason(symbol))."
        }

        var parts: [String] = []
        let valueText = { (value: Double) in
            DisplayFormat.number(value, places: places) + (record.isPercentage ? "%" : "")
        }
        let values = "(\(valueText(groupValue)) against \(valueText(comparisonValue)))"
        let roundedGap = DfERounding.roundHalfUp(gap, places: places)
        let lead = capitalisingFirstLetter(possessive(group)) + " \(measure)"
        if roundedGap == 0 {
            parts.append("\(lead) was the same as that of \(comparison) to the nearest \(unit(isPercentage: record.isPercentage, count: 1)) \(values).")
        } else {
            parts.append(
                "\(lead) was \(amount(roundedGap, isPercentage: record.isPercentage)) \(roundedGap < 0 ? "below" : "above") that of \(comparison) \(values).")
        }

        if let lower = record.gapLower.number, let upper = record.gapUpper.number {
            let excludesZero = lower > 0 || upper < 0
            parts.append(
                "The 95% confidence interval runs from \(side(lower, places: places)) to \(side(upper, places: places)), "
                    + (excludesZero
                        ? "so it excludes zero: a gap this size is unlikely to be chance alone."
                        : "so it includes zero: the gap could be chance."))
            let threshold = record.isPercentage ? rules.wideHalfWidthPercentagePoints : rules.wideHalfWidthScorePoints
            if (upper - lower) / 2 > threshold, let smaller = smallerGroup(record) {
                parts.append("The interval is wide because there are only \(smaller.count) \(phrases.group(smaller.label)).")
            }
        }

        if let previous, let previousGap = previous.gap.number {
            parts.append(changeSentence(
                gap: gap, earlierGap: previousGap, earlierPeriod: previous.timePeriod, group: group,
                isPercentage: record.isPercentage))
        }
        return parts.joined(separator: " ")
    }

    /// How a gap moved since an earlier year: "The gap narrowed by 4 percentage points since 2022/23." Both gaps
    /// are rounded as the tables show them first, so the change agrees with the figures on the page.
    func changeSentence(gap: Double, earlierGap: Double, earlierPeriod: String, group: String, isPercentage: Bool) -> String {
        let places = isPercentage ? 0 : 1
        let roundedGap = DfERounding.roundHalfUp(gap, places: places)
        let year = DisplayFormat.timePeriod(earlierPeriod) ?? earlierPeriod
        let earlier = DfERounding.roundHalfUp(earlierGap, places: places)
        if earlier * roundedGap < 0 {
            return "In \(year) the gap was the other way round: \(group) were \(amount(earlier, isPercentage: isPercentage)) "
                + "\(earlier < 0 ? "below" : "above")."
        }
        let narrowing = abs(earlier) - abs(roundedGap)
        if narrowing > 0 {
            return "The gap narrowed by \(amount(narrowing, isPercentage: isPercentage)) since \(year)."
        } else if narrowing < 0 {
            return "The gap widened by \(amount(narrowing, isPercentage: isPercentage)) since \(year)."
        }
        return "The gap was the same size in \(year)."
    }

    /// Why a gap has no sentence with figures: the symbol's meaning, and the symbol as the tables show it.
    static func notPublishedReason(_ symbol: PublishedSymbol) -> String {
        switch symbol {
        case .suppressed:
            return "not published (c): a group is too small to report without risk of identifying pupils"
        default:
            return "\(symbol.shortName) (\(symbol.rawValue))"
        }
    }

    /// "18 percentage points", "1 percentage point", "2.5 points": a rounded size with its unit.
    func amount(_ value: Double, isPercentage: Bool) -> String {
        let text = DisplayFormat.number(abs(value), places: isPercentage ? 0 : 1)
        return "\(text) \(unit(isPercentage: isPercentage, count: text == "1" ? 1 : 2))"
    }

    private func unit(isPercentage: Bool, count: Int) -> String {
        (isPercentage ? "percentage point" : "point") + (count == 1 ? "" : "s")
    }

    /// An interval end in words, so the sentence needs no minus signs: "30 below", "6 above", "0". An end that
    /// rounds to zero but is not zero is "less than 0.5 below", so that "excludes zero" never sits beside a 0.
    private func side(_ value: Double, places: Int) -> String {
        let rounded = DfERounding.roundHalfUp(value, places: places)
        let direction = value < 0 ? "below" : "above"
        if rounded == 0 {
            return value == 0 ? DisplayFormat.number(0, places: places)
                : "less than \(DisplayFormat.number(0.5 * pow(10, Double(-places)), places: places + 1)) \(direction)"
        }
        return "\(DisplayFormat.number(abs(rounded), places: places)) \(direction)"
    }

    /// The smaller of the two groups, which drives the interval's width; `nil` unless both counts are published.
    private func smallerGroup(_ record: GapRecord) -> (count: Int, label: String)? {
        guard let groupCount = record.groupCount.number, let comparisonCount = record.comparisonCount.number else {
            return nil
        }
        return groupCount <= comparisonCount
            ? (Int(groupCount), record.group) : (Int(comparisonCount), record.comparisonGroup)
    }
}

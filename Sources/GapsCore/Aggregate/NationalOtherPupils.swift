import Foundation

/// National "other pupils" as the Total minus a group **(ours)**, and the minor ethnic groups a national file may
/// give (docs/national-input.md, "National other pupils from the Total").
///
/// Explore Education Statistics publishes England's figures for a group and for all pupils, but not for "the
/// rest": national non-Asian pupils, pupils without SEN support, pupils not of Indian heritage. Those are what a
/// school's group is compared with in `gaps-by-characteristic.csv` ("National other pupils"), so they are taken
/// apart from the Total here, exactly where the published figures allow it, and `x` where they do not.
extension NationalFigure {
    /// England's pupils outside `group`: the Total row of the same year, key stage and measure minus the group's row.
    /// nil (every figure `x`) unless both pupil counts are numbers and the Total's is the larger.
    ///
    /// With N the pupils, r the pupils reaching a standard, m the average and s its SD, T the Total, g the group and
    /// o the other pupils:
    /// - N_o = N_T - N_g;
    /// - r_o = r_T - r_g, when both are numbers and 0 <= r_o <= N_o; the percentage is then r_o / N_o, and a gap
    ///   against it takes (r_o, N_o) as the national counts of Newcombe's interval, as for a row the file gives.
    ///   Never from the percentage columns: EES rounds them to whole numbers, which N_T / N_o would magnify;
    /// - m_o = (N_T m_T - N_g m_g) / N_o, when both averages are numbers (the pupils of `pupil_count` taken as those
    ///   the average is over, as the Welch interval against a national row already takes them);
    /// - s_o, when both rows give `average_score_sd` as well, from the exact decomposition of the sum of squares
    ///   S = (N - 1) s^2 + N m^2 of each row: S_o = S_T - S_g and s_o^2 = (S_o - N_o m_o^2) / (N_o - 1). It is
    ///   computed in the algebraically identical deviation form (N_o - 1) s_o^2 = (N_T - 1) s_T^2 - (N_g - 1) s_g^2
    ///   - N_g (m_g - m_T)^2 - N_o (m_o - m_T)^2, whose terms are of the size of the result rather than of N m^2.
    ///   nil when N_o < 2 or the result is not a positive number (figures rounded past consistency); the average is
    ///   then compared by the one-sample t interval, as a national row without an SD is.
    public static func otherPupils(total: NationalFigure, minus group: NationalFigure) -> NationalFigure? {
        guard let totalPupils = total.pupilCount, let groupPupils = group.pupilCount, totalPupils > groupPupils else { return nil }
        let pupils = totalPupils - groupPupils
        var others = NationalFigure(pupilCount: pupils, location: total.location)
        func reaching(_ whole: Int?, _ part: Int?) -> Int? {
            guard let whole, let part, whole - part >= 0, whole - part <= pupils else { return nil }
            return whole - part
        }
        others.expectedStandardCount = reaching(total.expectedStandardCount, group.expectedStandardCount)
        others.higherStandardCount = reaching(total.higherStandardCount, group.higherStandardCount)
        guard let totalMean = total.averageScore, let groupMean = group.averageScore else { return others }
        let (nT, nG, nO) = (Double(totalPupils), Double(groupPupils), Double(pupils))
        let mean = (nT * totalMean - nG * groupMean) / nO
        guard mean.isFinite else { return others }
        others.averageScore = mean
        guard pupils >= 2, let totalSD = total.averageScoreSD, let groupSD = group.averageScoreSD else { return others }
        let withinSquares = (nT - 1) * totalSD * totalSD - (nG - 1) * groupSD * groupSD
            - nG * (groupMean - totalMean) * (groupMean - totalMean) - nO * (mean - totalMean) * (mean - totalMean)
        let variance = withinSquares / (nO - 1)
        if variance > 0, variance.isFinite { others.averageScoreSD = variance.squareRoot() }
        return others
    }
}

extension NationalFigures {
    /// The national figure of the pupils a group is compared with: the file's own row `given` when it has one (never
    /// derived then, whatever the Total says), otherwise the row `total` minus the row `group`
    /// (`NationalFigure.otherPupils`); nil when neither can be had.
    public func otherPupilsFigure(given: NationalFigureKey?, total: NationalFigureKey?, group: NationalFigureKey?) -> NationalFigure? {
        if let given, let figure = figure(given) { return figure }
        guard let total, let group, let totalFigure = figure(total), let groupFigure = figure(group) else { return nil }
        return NationalFigure.otherPupils(total: totalFigure, minus: groupFigure)
    }
}

extension NationalFigureKey {
    /// The key a figure is stored and looked up under. A minor ethnic group belongs to one major group, which a
    /// national row may name in `ethnicity_major` or leave `Total` (and a breakdown group always names): the key
    /// keeps the minor group alone, so that both spellings are one group.
    var canonical: NationalFigureKey {
        guard ethnicityMinor != PublishedFilter.total else { return self }
        var key = self
        key.ethnicityMajor = PublishedFilter.total
        return key
    }
}

extension NationalComparison {
    /// The national figure of this comparison in `gaps.csv` for a year and subject: the file's row; for "National
    /// other pupils", when the file lacks that row, national Total minus the local group's national row.
    func nationalFigure(in national: NationalFigures, timePeriod: String, subject: KS2Subject) -> NationalFigure? {
        let given = nationalKey(timePeriod: timePeriod, subject: subject)
        guard comparator == Self.otherPupilsComparator else { return national.figure(given) }
        let sameGroup = NationalComparison(breakdown: breakdown, comparator: comparator, group: group, nationalGroup: group)
        return national.otherPupilsFigure(given: given, total: NationalFigureKey(timePeriod: timePeriod, subject: subject),
                                          group: sameGroup.nationalKey(timePeriod: timePeriod, subject: subject))
    }
}

/// The minor ethnic groups a national file's optional `ethnicity_minor` column may name: exactly the labels
/// `attainment-by-characteristic.csv` gives minor groups, which come from the same data file the breakdowns' pupils
/// do, the `minor_group` column of `Resources/codes/ethnicity.csv` (written to `pupils.csv` by gaps-normalise), plus
/// `Unknown` and `Unknown (<major group>)` (`BreakdownPupil`). Each with the major group(s) it belongs to (Chinese:
/// `Asian / Asian British`, or `Chinese` in the older grouping).
public struct NationalMinorEthnicGroups: Sendable {
    /// Major groups by minor-group label.
    public private(set) var majorGroups: [String: Set<String>] = [:]

    /// How messages describe an accepted value.
    static let expected = "'Total' or a minor ethnic group as attainment-by-characteristic.csv labels it (the minor_group "
        + "column of Resources/codes/ethnicity.csv, 'Unknown', or 'Unknown (<major group>)')"

    public static func shipped() throws -> NationalMinorEthnicGroups {
        NationalMinorEthnicGroups(codes: try EthnicityCodeSet.load(overrides: nil))
    }

    init(codes: EthnicityCodeSet) {
        let unknown = Ethnicity.unknownLabel
        for entry in codes.extendedCodes.values where !entry.minorGroup.isEmpty {
            majorGroups[entry.minorGroup, default: []].formUnion([entry.majorGroup, entry.majorGroupChineseOwnGroup])
        }
        let majors = Set((Array(codes.extendedCodes.values) + Array(codes.npdMajorCodes.values)).flatMap { [$0.majorGroup, $0.majorGroupChineseOwnGroup] })
        for major in majors where !major.isEmpty && major != unknown { majorGroups["\(unknown) (\(major))"] = [major] }
        majorGroups[unknown] = [unknown]
    }
}

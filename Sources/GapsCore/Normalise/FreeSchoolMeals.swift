import Foundation

/// A calendar date without time or time zone: census dates and FSM periods are days, and doing the arithmetic on
/// plain day numbers avoids any time-zone or daylight-saving surprise.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date, or `nil` (31 February, month 13, ...).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, ignoring a time part after it (`2020-04-29T12:03:31`).
    public init?(iso text: String) {
        let datePart = text.trimmingCharacters(in: .whitespaces).prefix(10)
        let pieces = datePart.split(separator: "-", omittingEmptySubsequences: false)
        guard datePart.count == 10, pieces.count == 3, pieces[0].count == 4, pieces[1].count == 2, pieces[2].count == 2,
              pieces.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(pieces[0]), let month = Int(pieces[1]), let day = Int(pieces[2]) else { return nil }
        let rest = text.trimmingCharacters(in: .whitespaces).dropFirst(10)
        guard rest.isEmpty || rest.first == "T" || rest.first == " " else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 0 Sunday ... 6 Saturday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7) + 7 + 4) % 7 }

    /// The same day `years` later (or earlier); 29 February becomes 28 February in a common year.
    public func addingYears(_ years: Int) -> CivilDate {
        let target = year + years
        return CivilDate(year: target, month: month, day: min(day, Self.daysIn(month: month, year: target)))!
    }

    /// The spring (January) school census of `year`: the third Thursday of January.
    public static func januaryCensus(of year: Int) -> CivilDate {
        let first = CivilDate(year: year, month: 1, day: 1)!
        let firstThursday = 1 + (4 - first.weekday + 7) % 7
        return CivilDate(year: year, month: 1, day: firstThursday + 14)!
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// One period of free-school-meal eligibility from a CTF `FSMinstance`.
public struct FSMPeriod: Sendable, Hashable {
    public var start: CivilDate
    /// `nil` while the period is open.
    public var end: CivilDate?

    public init(start: CivilDate, end: CivilDate?) {
        self.start = start
        self.end = end
    }

    /// True when the period includes `date` (both ends inclusive).
    public func covers(_ date: CivilDate) -> Bool {
        start <= date && (end.map { date <= $0 } ?? true)
    }

    /// True when the period shares at least one day with the window that starts after `windowStart` and ends on
    /// `windowEnd` inclusive.
    public func overlaps(after windowStart: CivilDate, through windowEnd: CivilDate) -> Bool {
        start <= windowEnd && (end.map { $0 > windowStart } ?? true)
    }

    /// Parses ingest's `start/end;start/end` form (end empty while open). Malformed pieces are returned as
    /// problems, in words, and left out.
    public static func parseList(_ text: String) -> (periods: [FSMPeriod], problems: [String]) {
        var periods: [FSMPeriod] = []
        var problems: [String] = []
        for piece in text.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let ends = trimmed.split(separator: "/", omittingEmptySubsequences: false)
            guard ends.count == 2, let start = CivilDate(iso: String(ends[0])) else {
                problems.append("FSM period '\(trimmed)' is not start/end with ISO dates")
                continue
            }
            let endText = ends[1].trimmingCharacters(in: .whitespaces)
            var end: CivilDate?
            if !endText.isEmpty {
                guard let parsed = CivilDate(iso: endText) else {
                    problems.append("FSM period '\(trimmed)' has an end that is not an ISO date")
                    continue
                }
                end = parsed
            }
            if let end, end < start {
                problems.append("FSM period '\(trimmed)' ends before it starts")
                continue
            }
            periods.append(FSMPeriod(start: start, end: end))
        }
        return (periods, problems)
    }
}

/// Free-school-meal status at a census date, from CTF periods.
///
/// - FSM eligible: a period covers the census date.
/// - FSM Ever 6 (ours, domain reference section 3): a period overlaps the six years up to the census date, i.e.
///   the window after (census - 6 years) through the census date. A period that ended exactly six years before
///   the census is outside it, matching DfE's "eligible at any census in the last six years" (the census six
///   years back is the first one *not* counted).
public enum FSMStatus {
    public static let everYears = 6

    public static func isEligible(on census: CivilDate, periods: [FSMPeriod]) -> Bool {
        periods.contains { $0.covers(census) }
    }

    public static func isEver6(on census: CivilDate, periods: [FSMPeriod]) -> Bool {
        let windowStart = census.addingYears(-everYears)
        return periods.contains { $0.overlaps(after: windowStart, through: census) }
    }
}

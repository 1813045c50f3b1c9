/// A calendar date as a day count, with the few operations the fixture generator needs.
///
/// Plain integer arithmetic (Hinnant's days-from-civil algorithm) instead of Foundation's `Calendar`, so dates
/// never depend on the machine's time zone or locale and the fixtures stay identical everywhere.
public struct CivilDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    public init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        dayNumber = era * 146_097 + dayOfEra - 719_468
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }

    /// ISO 8601, as CTF writes dates: 2024-01-18.
    public var iso: String {
        let (year, month, day) = components
        return "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))"
    }

    /// DD/MM/YYYY, as NPD extracts and Excel write dates.
    public var dayMonthYear: String {
        let (year, month, day) = components
        return "\(Self.twoDigits(day))/\(Self.twoDigits(month))/\(year)"
    }

    public var description: String { iso }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The same day and month `years` earlier or later (29 February becomes 28 February).
    public func adding(years: Int) -> CivilDate {
        let (year, month, day) = components
        let target = CivilDate(year: year + years, month: month, day: day)
        return target.components.month == month ? target : CivilDate(year: year + years, month: month, day: day - 1)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public static func - (lhs: CivilDate, rhs: CivilDate) -> Int { lhs.dayNumber - rhs.dayNumber }

    /// The first date on or after `date` that falls on `weekday` (0 = Monday).
    public static func first(weekday: Int, onOrAfter date: CivilDate) -> CivilDate {
        date.adding(days: (weekday - date.weekday + 7) % 7)
    }

    /// The spring school census date: the third Thursday of January (18 January 2024, 19 January 2023).
    public static func springCensus(year: Int) -> CivilDate {
        first(weekday: 3, onOrAfter: CivilDate(year: year, month: 1, day: 1)).adding(days: 14)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

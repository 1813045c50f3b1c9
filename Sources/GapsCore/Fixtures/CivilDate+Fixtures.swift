/// The few date operations the fixture generator needs on top of `CivilDate` (Normalise/FreeSchoolMeals.swift):
/// drawing a date uniformly between two others, stepping by days, and the DD/MM/YYYY form of NPD extracts.
extension CivilDate {
    /// The date `dayNumber` days after 1970-01-01: the inverse of `dayNumber` (H. Hinnant's civil_from_days).
    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)!
    }

    func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// DD/MM/YYYY, as NPD extracts and Excel write dates.
    var dayMonthYear: String {
        (day < 10 ? "0" : "") + "\(day)/" + (month < 10 ? "0" : "") + "\(month)/\(year)"
    }

    /// The first date on or after `date` that falls on `weekday` (0 Sunday ... 6 Saturday, as `weekday`).
    static func first(weekday: Int, onOrAfter date: CivilDate) -> CivilDate {
        date.adding(days: (weekday - date.weekday + 7) % 7)
    }
}

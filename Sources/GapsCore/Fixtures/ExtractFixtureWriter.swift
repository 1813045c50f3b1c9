import Foundation

/// Writes an NPD-style KS2 pupil extract as an LA analyst receives it after a trip through Excel: UTF-8 with a
/// byte-order mark, CRLF line ends, fields quoted only when they contain a comma, quote or line break.
///
/// Columns are `SyntheticLA.extractColumns`. Characteristics come from the same decisions as the pupil's CTF
/// entry: FSM and FSM6 by `FSMStatus` at the spring census, CLA_PP_1_DAY from InCare, EALGRP from the first
/// language, ETHNICITYMINOR the main code of the CTF's (possibly extended) code.
final class ExtractFixtureWriter {
    private let file: FixtureFileWriter
    private let path: String
    private let cohort: CohortCalendar
    private var rows = 0

    /// `columns`: the header; the KS2 extract's by default, the KS4 pupil file's for `KS4FixtureWriter`.
    init(url: URL, path: String, cohort: CohortCalendar, columns: [String] = SyntheticLA.extractColumns) throws {
        file = try FixtureFileWriter(url: url)
        self.path = path
        self.cohort = cohort
        file.append(bytes: [0xEF, 0xBB, 0xBF])
        writeRow(columns)
    }

    func write(_ pupil: SyntheticPupil, school: SyntheticLA.School) throws {
        try write(fields: [
            pupil.upn, pupil.surname, pupil.forename, pupil.dob.dayMonthYear, pupil.sex,
            String(school.laestab / 10_000), String(school.estab), String(school.laestab), String(school.urn),
            school.name, cohort.academicYearSlash,
            pupil.reading.extractScore, pupil.reading.extractOutcome,
            pupil.maths.extractScore, pupil.maths.extractOutcome,
            pupil.gps.extractScore, pupil.gps.extractOutcome,
            pupil.writingTA,
            pupil.fsmEligible ? "1" : "0", pupil.fsmEver6 ? "1" : "0", pupil.lookedAfter ? "1" : "0",
            String(pupil.ealGroup), pupil.senProvision, pupil.ethnicityMajor, pupil.ethnicityMain,
        ])
    }

    /// One data row, fields in header order.
    func write(fields: [String]) throws {
        writeRow(fields)
        rows += 1
        try file.flushIfLarge()
    }

    func close(kind: SyntheticLA.WrittenFile.Kind = .extract) throws -> SyntheticLA.WrittenFile {
        try file.close()
        return SyntheticLA.WrittenFile(path: path, kind: kind, pupils: rows)
    }

    private func writeRow(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { file.append(",") }
            if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
                file.append("\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            } else {
                file.append(field)
            }
        }
        file.append("\r\n")
    }
}

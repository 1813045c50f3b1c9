import Foundation

/// How one school's MIS happens to write its CTF. Real files differ in these ways, so the fixtures do too.
struct CTFStyle: Sendable {
    /// Older SIMS files say `Gender`, newer ones `Sex`.
    let sexElement: String
    let supplierID: String
    /// Some values carry surrounding spaces or newlines, which readers must trim.
    let padsValues: Bool
    /// `&apos;` instead of a literal apostrophe (both are valid XML).
    let escapesApostrophes: Bool
    /// Non-ASCII letters as numeric character references (`Zo&#235;`).
    let writesCharacterReferences: Bool
    /// ResultDate is optional in CTF 19.
    let writesResultDates: Bool
    let writesServiceChild: Bool
    /// `LookedAfter` with `InCare` false for pupils not in care (otherwise the element is left out).
    let writesNotInCare: Bool
    /// Parents' contact blocks (placeholder values), with their own Surname, Forename and Gender elements.
    let writesContacts: Bool

    init(schoolIndex index: Int) {
        sexElement = index % 2 == 1 ? "Gender" : "Sex"
        supplierID = ["SIMS", "SIMS", "Arbor", "SIMS", "Bromcom"][index % 5]
        padsValues = index % 3 == 0
        escapesApostrophes = index % 4 == 2
        writesCharacterReferences = index % 5 == 4
        writesResultDates = index % 7 != 5
        writesServiceChild = index % 2 == 0
        writesNotInCare = index % 3 == 1
        writesContacts = index % 2 == 1
    }
}

/// Writes one school's CTF 19 file, pupil by pupil, in the element order and line layout of the SIMS samples.
///
/// Only elements a CTF reader of this project needs, plus the ones it must learn to skip (Address, Contacts).
/// Assessment codes follow the project's default assessment map: KS2 ENG TT RD / MAT TT MA / ENG TT GPS with
/// qualifier SS, KS2 ENG TA WR and KS1 ENG TA RD / ENG TA WR / MAT TA MA with qualifier NC.
final class CTFFixtureWriter {
    private let file: FixtureFileWriter
    private let path: String
    private let la: SyntheticLA
    private let school: SyntheticLA.School
    private let cohort: CohortCalendar
    private let style: CTFStyle
    /// Decides layout only (padding, contacts), never content: a separate stream from the pupils'.
    private var layout: FixtureRandom
    private var pupils = 0

    init(url: URL, path: String, la: SyntheticLA, school: SyntheticLA.School, cohort: CohortCalendar, layout: FixtureRandom) throws {
        file = try FixtureFileWriter(url: url)
        self.path = path
        self.la = la
        self.school = school
        self.cohort = cohort
        self.style = CTFStyle(schoolIndex: school.index)
        self.layout = layout
        writeHeader()
    }

    private func writeHeader() {
        let configuration = la.configuration
        file.append("""
            <?xml version="1.0" encoding="utf-8"?>
            <!-- Synthetic data from gaps-fixtures (seed \(configuration.seed)) for \(escaped(configuration.laName)) (LA \(configuration.laNumber)): invented pupils, not real people. -->
            <CTfile>
            <Header>
            <DocumentName>Common Transfer File</DocumentName>
            <CTFversion>19.0</CTFversion>
            <DateTime>\(cohort.ctfDateTime)</DateTime>
            <DocumentQualifier>full</DocumentQualifier>
            <SupplierID>\(style.supplierID)</SupplierID>
            <SourceSchool>
            <LEA>\(configuration.laNumber)</LEA>
            <Estab>\(school.estab)</Estab>
            <URN>\(school.urn)</URN>
            <SchoolName>\(escaped(school.name))</SchoolName>
            <AcademicYear>\(cohort.ks2Year - 1)</AcademicYear>
            </SourceSchool>
            <DestSchool>
            <LEA>\(configuration.laNumber)</LEA>
            <Estab>0000</Estab>

            </DestSchool>
            </Header>
            <CTFpupilData>

            """)
    }

    func write(_ pupil: SyntheticPupil) throws {
        open("Pupil")
        leaf("UPN", pupil.upn)
        leaf("Surname", pupil.surname)
        leaf("Forename", pupil.forename)
        leaf("DOB", pupil.dob.description)
        leaf(style.sexElement, pupil.sex)

        open("BasicDetails")
        leaf("NCyearActual", "6")
        leaf("Ethnicity", pupil.ethnicity)
        leaf("EthnicitySource", "P")
        open("Languages")
        open("Type")
        leaf("LanguageType", "F")
        leaf("Language", pupil.firstLanguage)
        close("Type")
        close("Languages")
        if style.writesServiceChild {
            leaf("ServiceChild", pupil.serviceChild ? "Y" : "N", newline: false)
            leaf("MedicalFlag", "false")
        }
        leaf("EnrolStatus", "C")
        close("BasicDetails")
        file.append("\n")

        if pupil.lookedAfter || style.writesNotInCare {
            open("LookedAfter")
            leaf("InCare", pupil.lookedAfter ? "true" : "false")
            if pupil.lookedAfter { leaf("CareAuthority", String(la.configuration.laNumber)) }
            close("LookedAfter")
        }
        if !pupil.fsmPeriods.isEmpty {
            open("FSMhistory")
            file.append("\n")
            for period in pupil.fsmPeriods {
                open("FSMinstance")
                leaf("FSMstartDate", period.start.description)
                if let end = period.end { leaf("FSMendDate", end.description) }
                leaf("UKcountry", "ENG")
                close("FSMinstance")
            }
            close("FSMhistory")
        }
        if !pupil.senHistory.isEmpty {
            open("SENhistory")
            for record in pupil.senHistory {
                open("SEN")
                leaf("StartDate", record.start.description)
                leaf("SENprovision", record.provision)
                if let end = record.end { leaf("EndDate", end.description) }
                close("SEN")
            }
            if let need = pupil.senPrimaryNeed {
                open("SENneeds")
                open("SENneed")
                leaf("NeedStartDate", pupil.senHistory[pupil.senHistory.count - 1].start.description)
                leaf("SENtypeRank", "1")
                leaf("SENtype", need)
                close("SENneed")
                close("SENneeds")
            }
            close("SENhistory")
        }

        writeAddress()
        if style.writesContacts, layout.chance(0.2) { writeContact(surname: pupil.surname) }

        open("StageAssessments")
        if let ks1 = pupil.ks1, let date = cohort.ks1ResultDate {
            open("KeyStage")
            leaf("Stage", "KS1")
            assessment(year: ks1.year, subject: "ENG", method: "TA", component: "RD", qualifier: "NC", result: ks1.reading, date: date)
            assessment(year: ks1.year, subject: "ENG", method: "TA", component: "WR", qualifier: "NC", result: ks1.writing, date: date)
            assessment(year: ks1.year, subject: "MAT", method: "TA", component: "MA", qualifier: "NC", result: ks1.maths, date: date)
            assessment(year: ks1.year, subject: "SCI", method: "TA", component: "SCI", qualifier: "NC", result: ks1.science, date: date)
            close("KeyStage")
        }
        open("KeyStage")
        leaf("Stage", "KS2")
        let year = cohort.ks2Year
        let date = cohort.ks2ResultDate
        assessment(year: year, subject: "ENG", method: "TT", component: "RD", qualifier: "SS", result: pupil.reading.ctfResult, date: date)
        assessment(year: year, subject: "MAT", method: "TT", component: "MA", qualifier: "SS", result: pupil.maths.ctfResult, date: date)
        assessment(year: year, subject: "ENG", method: "TT", component: "GPS", qualifier: "SS", result: pupil.gps.ctfResult, date: date)
        assessment(year: year, subject: "ENG", method: "TA", component: "WR", qualifier: "NC", result: pupil.writingTA, date: date)
        close("KeyStage")
        close("StageAssessments")
        close("Pupil")
        pupils += 1
        try file.flushIfLarge()
    }

    func close() throws -> SyntheticLA.WrittenFile {
        file.append("</CTFpupilData>\n</CTfile>\n")
        try file.close()
        return SyntheticLA.WrittenFile(path: path, kind: .ctf, pupils: pupils)
    }

    private func writeAddress() {
        open("Address")
        open("BS7666Address")
        leaf("PAON", SyntheticLA.placeholderHouse)
        leaf("Street", SyntheticLA.placeholderStreet)
        leaf("Town", SyntheticLA.placeholderTown)
        file.append("</BS7666Address>")
        leaf("PostCode", SyntheticLA.placeholderPostcode)
        leaf("Country", "United Kingdom")
        file.append("\n")
        close("Address")
    }

    /// One parent: the pupil's surname, a placeholder forename, and the placeholder phone and e-mail.
    private func writeContact(surname: String) {
        let isMother = layout.chance(0.6)
        open("Contacts")
        open("Contact")
        leaf("Order", "1")
        leaf("Title", isMother ? "Mrs" : "Mr")
        leaf("Surname", surname)
        leaf("Forename", SyntheticLA.placeholderContactForename)
        leaf("Gender", isMother ? "F" : "M")
        leaf("Relationship", isMother ? "PAM" : "PAF")
        leaf("Responsibility", "true")
        open("Address")
        leaf("AddressAsPupil", "true")
        close("Address")
        open("Phones")
        open("Phone")
        leaf("TelephoneType", "M")
        leaf("PhoneNo", SyntheticLA.placeholderPhone)
        close("Phone")
        close("Phones")
        leaf("Email", SyntheticLA.placeholderEmail)
        close("Contact")
        close("Contacts")
    }

    private func assessment(
        year: Int, subject: String, method: String, component: String, qualifier: String, result: String, date: CivilDate
    ) {
        open("StageAssessment")
        leaf("Locale", "ENG")
        leaf("Year", String(year))
        leaf("Subject", subject)
        leaf("Method", method)
        leaf("Component", component)
        leaf("ResultStatus", "R")
        leaf("ResultQualifier", qualifier)
        leaf("Result", result)
        if style.writesResultDates { leaf("ResultDate", date.description) }
        close("StageAssessment")
    }

    private func open(_ name: String) { file.append("<\(name)>\n") }

    private func close(_ name: String) { file.append("</\(name)>\n") }

    /// `<name>value</name>`, escaped, padded with whitespace now and then in schools whose MIS does that.
    private func leaf(_ name: String, _ value: String, newline: Bool = true) {
        var text = escaped(value)
        if style.padsValues, layout.chance(0.15) {
            switch layout.integer(in: 0...3) {
            case 0: text = " \(text) "
            case 1: text = "\n\(text)\n"
            case 2: text = "\(text)  "
            default: text = "\n    \(text)\n  "
            }
        }
        file.append("<\(name)>\(text)</\(name)>")
        if newline { file.append("\n") }
    }

    private func escaped(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "'" where style.escapesApostrophes: result += "&apos;"
            default:
                if style.writesCharacterReferences, !scalar.isASCII {
                    result += "&#\(scalar.value);"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}

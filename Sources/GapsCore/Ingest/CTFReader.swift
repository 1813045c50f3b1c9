import Foundation

/// What a CTF's `Header` says about the file and the school that sent it.
public struct CTFHeader: Sendable, Equatable {
    public var version = ""
    /// `DateTime`, when the MIS wrote the file.
    public var dateTime = ""
    public var la = ""
    public var estab = ""
    public var urn = ""
    public var schoolName = ""
    public var academicYear = ""

    public init() {}

    /// The manifest note that says what was read, e.g. "layout: CTF 19.0 from school 8882001".
    public var layoutNote: String {
        let school = la + estab
        return "layout: CTF \(version.isEmpty ? "(version not stated)" : version) from school \(school.isEmpty ? "(not stated)" : school)"
    }
}

/// Reads a Common Transfer File (CTF) one pupil at a time with libxml2's streaming reader.
///
/// Elements are recognised by name and by the name of their parent, never by position; unknown elements are
/// ignored and values are trimmed. `Address`, `Phones`, `Email` and `Contacts` subtrees are skipped inside libxml2
/// without a single value reaching Swift (data minimisation: no contact data can end up in any output).
/// Each pupil is written as soon as its `</Pupil>` is read, so memory stays flat whatever the file's size.
public final class CTFReader {
    /// Subtrees holding contact data, which the pipeline must never read.
    static let contactElements: Set<String> = ["Address", "Phones", "Email", "Contacts"]
    /// Subtrees with nothing the pipeline uses: skipped for speed.
    static let unusedElements: Set<String> = ["Attendance", "SchoolHistory", "NAWdetails", "DestSchool"]

    public let path: String
    public let assessmentMap: AssessmentMap

    public init(path: String, assessmentMap: AssessmentMap) {
        self.path = path
        self.assessmentMap = assessmentMap
    }

    /// Streams the file into `tables`. Throws `GapsError.malformedInput` (libxml2's message, line and column) for a
    /// file that is not well-formed, `GapsError.unknownLayout` when the root element is not `CTfile`.
    func read(into tables: IngestTables) throws -> CTFHeader {
        let xml = try XMLStreamReader(path: path)
        var state = ParseState()
        var hasNode = try xml.read()
        while hasNode {
            switch xml.nodeType {
            case .element:
                let name = xml.localName
                if state.open.isEmpty && !state.sawRoot {
                    state.sawRoot = true
                    guard name == "CTfile" else {
                        throw GapsError.unknownLayout(
                            SourceLocation(file: path, line: xml.line),
                            message: "the root element is <\(name)>, not <CTfile>: this is not a Common Transfer File")
                    }
                }
                if Self.contactElements.contains(name) || Self.unusedElements.contains(name) {
                    hasNode = try xml.skipSubtree()
                    continue
                }
                state.text = ""
                state.open.append(name)
                start(name, xml: xml, state: &state)
                if xml.isEmptyElement {
                    try end(state: &state, tables: tables)
                }
            case .text, .cdata:
                state.text += xml.value
            case .whitespace, .significantWhitespace:
                // Layout between elements; leading white space would be trimmed anyway, so only keep it inside text.
                if !state.text.isEmpty { state.text += xml.value }
            case .endElement:
                try end(state: &state, tables: tables)
            case .entityReference, .other:
                break  // entities are never expanded (no XML_PARSE_NOENT); comments, DTD, PIs carry no data
            }
            hasNode = try xml.read()
        }
        if !state.sawRoot {
            throw GapsError.unknownLayout(SourceLocation(file: path), message: "no XML element found")
        }
        return state.header
    }

    /// A pupil being read, until its `</Pupil>`.
    private struct PupilInProgress {
        var pupil = IngestedPupil()
        var results: [IngestedResult] = []
        var sex = ""
        var gender = ""
        var fsmPeriods: [String] = []
        var senPeriods: [(start: String, provision: String, end: String)] = []
    }

    private struct ParseState {
        var sawRoot = false
        var open: [String] = []
        /// Text since the last start tag: the value of a leaf element when its end tag arrives.
        var text = ""
        var header = CTFHeader()
        var pupil: PupilInProgress?
        var languageType = ""
        var language = ""
        var fsmStart = ""
        var fsmEnd = ""
        var senStart = ""
        var senProvision = ""
        var senEnd = ""
        var needRank = ""
        var needType = ""
        var keyStage = ""
        var keyStageResults: [IngestedResult] = []
        var result = IngestedResult()
    }

    /// Resets the state of a repeated group when it opens.
    private func start(_ name: String, xml: XMLStreamReader, state: inout ParseState) {
        if name == "Pupil" {
            var fresh = PupilInProgress()
            fresh.pupil.sourceFile = path
            fresh.pupil.sourceLine = xml.line
            fresh.pupil.sourceKind = .ctf
            state.pupil = fresh
            return
        }
        guard state.pupil != nil else { return }
        switch name {
        case "Type": (state.languageType, state.language) = ("", "")
        case "FSMinstance": (state.fsmStart, state.fsmEnd) = ("", "")
        case "SEN": (state.senStart, state.senProvision, state.senEnd) = ("", "", "")
        case "SENneed": (state.needRank, state.needType) = ("", "")
        case "KeyStage": (state.keyStage, state.keyStageResults) = ("", [])
        case "StageAssessment":
            state.result = IngestedResult()
            state.result.sourceFile = path
            state.result.sourceLine = xml.line
        default: break
        }
    }

    /// Stores a leaf's value or closes a group, by the element's name and its parent's name.
    private func end(state: inout ParseState, tables: IngestTables) throws {
        guard let name = state.open.popLast() else { return }
        let parent = state.open.last ?? ""
        let value = IngestValues.trimmed(state.text)
        state.text = ""

        if parent == "Header" || parent == "SourceSchool" {
            switch (parent, name) {
            case ("Header", "CTFversion"): state.header.version = value
            case ("Header", "DateTime"): state.header.dateTime = value
            case ("SourceSchool", "LEA"): state.header.la = value
            case ("SourceSchool", "Estab"): state.header.estab = value
            case ("SourceSchool", "URN"): state.header.urn = value
            case ("SourceSchool", "SchoolName"): state.header.schoolName = value
            case ("SourceSchool", "AcademicYear"): state.header.academicYear = value
            default: break
            }
            return
        }
        // Move the pupil out of the state while it is updated (and back afterwards), so that its arrays stay
        // uniquely referenced: appending to a shared copy would copy the whole array each time.
        guard var current = state.pupil else { return }
        state.pupil = nil
        var finished = false
        defer { if !finished { state.pupil = current } }

        switch (parent, name) {
        case ("Pupil", "UPN"): current.pupil.upn = value
        case ("Pupil", "Surname"): current.pupil.surname = value
        case ("Pupil", "Forename"): current.pupil.forename = value
        case ("Pupil", "DOB"): current.pupil.dob = value
        case ("Pupil", "Gender"): current.gender = value
        case ("Pupil", "Sex"): current.sex = value
        case ("BasicDetails", "FormerUPN"): current.pupil.formerUPN = value
        case ("BasicDetails", "NCyearActual"): current.pupil.ncYear = value
        case ("BasicDetails", "Ethnicity"): current.pupil.ethnicity = value
        case ("BasicDetails", "EthnicitySource"): current.pupil.ethnicitySource = value
        case ("BasicDetails", "ServiceChild"), ("Pupil", "ServiceChild"): current.pupil.serviceChild = value
        case ("Type", "LanguageType"): state.languageType = value
        case ("Type", "Language"): state.language = value
        case ("Languages", "Type"):
            // Only the first language (type F) is used; other types (home, main) say less about EAL.
            if state.languageType.uppercased() == "F" && current.pupil.firstLanguage.isEmpty {
                current.pupil.firstLanguage = state.language
            }
        case ("LookedAfter", "InCare"): current.pupil.lookedAfter = value
        case ("FSMinstance", "FSMstartDate"): state.fsmStart = value
        case ("FSMinstance", "FSMendDate"): state.fsmEnd = value
        case (_, "FSMinstance"): current.fsmPeriods.append("\(state.fsmStart)/\(state.fsmEnd)")
        case ("SEN", "StartDate"): state.senStart = value
        case ("SEN", "SENprovision"): state.senProvision = value
        case ("SEN", "EndDate"): state.senEnd = value
        case (_, "SEN"): current.senPeriods.append((state.senStart, state.senProvision, state.senEnd))
        case ("SENneed", "SENtypeRank"): state.needRank = value
        case ("SENneed", "SENtype"): state.needType = value
        case (_, "SENneed"):
            if state.needRank == "1" && current.pupil.senPrimaryNeed.isEmpty { current.pupil.senPrimaryNeed = state.needType }
        case ("KeyStage", "Stage"): state.keyStage = value
        case ("StageAssessment", "Locale"): break  // always ENG for England; not carried
        case ("StageAssessment", "Year"): state.result.year = value
        case ("StageAssessment", "Subject"): state.result.subject = value
        case ("StageAssessment", "Method"): state.result.method = value
        case ("StageAssessment", "Component"): state.result.component = value
        case ("StageAssessment", "ResultStatus"): state.result.resultStatus = value
        case ("StageAssessment", "ResultQualifier"): state.result.qualifier = value
        case ("StageAssessment", "Result"): state.result.result = value
        case ("StageAssessment", "ResultDate"): state.result.resultDate = value
        case (_, "StageAssessment"): state.keyStageResults.append(state.result)
        case (_, "KeyStage"):
            // The stage is applied when the group closes, so it does not matter where <Stage> sits inside it.
            for var result in state.keyStageResults {
                result.stage = state.keyStage
                current.results.append(result)
            }
            state.keyStageResults = []
        case (_, "Pupil"):
            finished = true
            try deliver(current, header: state.header, tables: tables)
        default: break
        }
    }

    /// Completes a pupil from the header, checks it, and writes or rejects it with its results.
    private func deliver(_ inProgress: PupilInProgress, header: CTFHeader, tables: IngestTables) throws {
        var pupil = inProgress.pupil
        pupil.sex = inProgress.sex.isEmpty ? inProgress.gender : inProgress.sex
        pupil.fsmPeriods = inProgress.fsmPeriods.joined(separator: ";")
        pupil.senProvision = Self.currentProvision(inProgress.senPeriods)
        pupil.sourceDate = header.dateTime
        pupil.la = header.la
        pupil.estab = header.estab
        pupil.urn = header.urn
        pupil.schoolName = header.schoolName
        pupil.academicYear = header.academicYear

        let results = inProgress.results.map { written -> IngestedResult in
            var result = written
            result.upn = pupil.upn
            result.measure = assessmentMap.measure(
                stage: result.stage, subject: result.subject, method: result.method, component: result.component)
            return result
        }

        func reject(field: String, value: String, reason: String) throws {
            try tables.rejectPupil(
                RejectRecord(sourceFile: path, line: pupil.sourceLine, recordKind: "pupil", upn: pupil.upn,
                             field: field, value: value, reason: reason),
                results: results)
        }
        if pupil.upn.isEmpty {
            try reject(field: "UPN", value: "", reason: "the pupil has no UPN, so its records cannot be linked")
        } else if !IngestValues.isISODate(pupil.dob) {
            try reject(field: "DOB", value: pupil.dob,
                       reason: pupil.dob.isEmpty ? "the pupil has no date of birth" : "expected a date written YYYY-MM-DD")
        } else {
            try tables.accept(pupil, results: results)
        }
    }

    /// The current SEN provision: the open period (no end date) that started last; when every period has ended,
    /// the one that started last. ISO dates compare correctly as text; on a tie the later element wins.
    static func currentProvision(_ periods: [(start: String, provision: String, end: String)]) -> String {
        let open = periods.filter { $0.end.isEmpty }
        let candidates = open.isEmpty ? periods : open
        var chosen: (start: String, provision: String, end: String)?
        for period in candidates where chosen == nil || period.start >= chosen!.start {
            chosen = period
        }
        return chosen?.provision ?? ""
    }
}

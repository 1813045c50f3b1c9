import CLibXML2
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
    /// The input's SHA-256 (hex) and size, hashed from the bytes read for parsing: set by `read(into:)`, so that the
    /// stage's manifest needs no second read of the file.
    private(set) var inputDigest: (hex: String, bytes: Int)?

    public init(path: String, assessmentMap: AssessmentMap) {
        self.path = path
        self.assessmentMap = assessmentMap
    }

    /// Streams the file into `tables`. Throws `GapsError.malformedInput` (libxml2's message, line and column) for a
    /// file that is not well-formed, `GapsError.unknownLayout` when the root element is not `CTfile`.
    ///
    /// Speed (see docs/performance.md): element names are recognised by libxml2's interned name address (one
    /// `String` per distinct name, not per element), text stays bytes until a leaf the reader keeps ends, and the
    /// pupil in progress is updated in place.
    func read(into tables: IngestTables) throws -> CTFHeader {
        let xml = try XMLStreamReader(path: path)
        var state = ParseState()
        var names = ElementNames()
        var hasNode = try xml.read()
        while hasNode {
            switch xml.nodeType {
            case .element:
                let (name, isSkipped) = names.lookUp(xml.localNamePointer)
                if state.open.isEmpty && !state.sawRoot {
                    state.sawRoot = true
                    guard name == .root else {
                        throw GapsError.unknownLayout(
                            SourceLocation(file: path, line: xml.line),
                            message: "the root element is <\(xml.localName)>, not <CTfile>: this is not a Common Transfer File")
                    }
                }
                if isSkipped {
                    hasNode = try xml.skipSubtree()
                    continue
                }
                state.text.removeAll()
                state.open.append(name)
                start(name, xml: xml, state: &state)
                if xml.isEmptyElement {
                    try end(state: &state, tables: tables)
                }
            case .text, .cdata:
                state.appendText(xml.valuePointer)
            case .whitespace, .significantWhitespace:
                // Layout between elements; leading white space would be trimmed anyway, so only keep it inside text.
                if !state.text.isEmpty { state.appendText(xml.valuePointer) }
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
        inputDigest = try xml.finishDigest()
        return state.header
    }

    /// The element names the reader acts on. Any other name is `other`; names are matched exactly.
    enum Element: String {
        case other = ""
        case root = "CTfile"
        case header = "Header", sourceSchool = "SourceSchool", ctfVersion = "CTFversion", dateTime = "DateTime"
        case lea = "LEA", estab = "Estab", urn = "URN", schoolName = "SchoolName", academicYear = "AcademicYear"
        case pupil = "Pupil", upn = "UPN", surname = "Surname", forename = "Forename", dob = "DOB"
        case gender = "Gender", sex = "Sex", basicDetails = "BasicDetails", formerUPN = "FormerUPN"
        case ncYearActual = "NCyearActual", ethnicity = "Ethnicity", ethnicitySource = "EthnicitySource"
        case serviceChild = "ServiceChild", type = "Type", languageType = "LanguageType", language = "Language"
        case languages = "Languages", lookedAfter = "LookedAfter", inCare = "InCare"
        case fsmInstance = "FSMinstance", fsmStartDate = "FSMstartDate", fsmEndDate = "FSMendDate"
        case sen = "SEN", startDate = "StartDate", senProvision = "SENprovision", endDate = "EndDate"
        case senNeed = "SENneed", senTypeRank = "SENtypeRank", senType = "SENtype"
        case keyStage = "KeyStage", stage = "Stage", stageAssessment = "StageAssessment", locale = "Locale"
        case year = "Year", subject = "Subject", method = "Method", component = "Component"
        case resultStatus = "ResultStatus", resultQualifier = "ResultQualifier", result = "Result"
        case resultDate = "ResultDate"
    }

    /// Maps libxml2's interned local-name addresses to `Element`s and to whether the subtree is skipped
    /// (`contactElements`, `unusedElements`): a small open-addressing table, so that each element costs a
    /// multiply and a compare rather than a `String` and a hash of it.
    private struct ElementNames {
        private static let slotCount = 512
        private var keys = [UInt](repeating: 0, count: slotCount)
        private var entries = [(element: Element, isSkipped: Bool)](repeating: (.other, false), count: slotCount)
        private var used = 0

        mutating func lookUp(_ name: UnsafePointer<xmlChar>?) -> (element: Element, isSkipped: Bool) {
            guard let name else { return (.other, false) }
            let key = UInt(bitPattern: name)
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 55) & (Self.slotCount - 1)
            while keys[slot] != 0 {
                if keys[slot] == key { return entries[slot] }
                slot = (slot + 1) & (Self.slotCount - 1)
            }
            let text = String(cString: name)
            let entry = (Element(rawValue: text) ?? .other,
                         CTFReader.contactElements.contains(text) || CTFReader.unusedElements.contains(text))
            // Half full at most: a file with very many distinct names just takes the slow path for the rest.
            if used < Self.slotCount / 2 {
                keys[slot] = key
                entries[slot] = entry
                used += 1
            }
            return entry
        }
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

    /// Bytes gathered from text nodes: a plain buffer, so that clearing it is setting a count (an array's
    /// `removeAll(keepingCapacity:)` goes through a generic replace).
    private struct TextBytes: ~Copyable {
        private var storage: UnsafeMutablePointer<UInt8>
        private var capacity = 256
        private var count = 0

        init() { storage = .allocate(capacity: capacity) }
        deinit { storage.deallocate() }

        var isEmpty: Bool { count == 0 }

        mutating func removeAll() { count = 0 }

        mutating func append(_ text: UnsafePointer<UInt8>) {
            let length = strlen(text)
            if count + length > capacity {
                var larger = 2 * capacity
                while larger < count + length { larger *= 2 }
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
                grown.update(from: storage, count: count)
                storage.deallocate()
                storage = grown
                capacity = larger
            }
            (storage + count).update(from: text, count: length)
            count += length
        }

        /// The text, trimmed, as a string (libxml2 hands over UTF-8 whatever the file's encoding).
        var trimmedString: String {
            IngestValues.trimmedText(UnsafeBufferPointer(start: storage, count: count)) { String(decoding: $0, as: UTF8.self) }
        }
    }

    private struct ParseState: ~Copyable {
        var sawRoot = false
        var open: [Element] = []
        /// Text since the last start tag: the value of a leaf element when its end tag arrives.
        var text = TextBytes()
        var header = CTFHeader()
        /// The pupil in progress, valid while `inPupil`; kept in place (and its arrays' storage reused) between pupils.
        var pupil = PupilInProgress()
        var inPupil = false
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
        /// Results from here on in `pupil.results` are not yet confirmed by the `</KeyStage>` that gives them their
        /// stage: a `<KeyStage>` drops them, a `</KeyStage>` confirms them, a pupil's end drops any left. (Results
        /// are gathered in place rather than in a second array, to save a copy of each.)
        var pendingResultsStart = 0
        var result = IngestedResult()

        mutating func appendText(_ value: UnsafePointer<xmlChar>?) {
            guard let value else { return }
            text.append(value)
        }

        /// The text, trimmed, as a string.
        var value: String { text.trimmedString }
    }

    /// Resets the state of a repeated group when it opens.
    private func start(_ name: Element, xml: XMLStreamReader, state: inout ParseState) {
        if name == .pupil {
            // `sourceFile` stays empty: the tables do not repeat the input's path (the manifest names it), and an
            // empty string, unlike the path, costs no reference counting each time a record is copied.
            state.pupil.pupil = IngestedPupil()
            state.pupil.pupil.sourceLine = xml.line
            state.pupil.pupil.sourceKind = .ctf
            state.pupil.results.removeAll(keepingCapacity: true)
            state.pendingResultsStart = 0
            state.pupil.sex = ""
            state.pupil.gender = ""
            state.pupil.fsmPeriods.removeAll(keepingCapacity: true)
            state.pupil.senPeriods.removeAll(keepingCapacity: true)
            state.inPupil = true
            return
        }
        guard state.inPupil else { return }
        switch name {
        case .type: (state.languageType, state.language) = ("", "")
        case .fsmInstance: (state.fsmStart, state.fsmEnd) = ("", "")
        case .sen: (state.senStart, state.senProvision, state.senEnd) = ("", "", "")
        case .senNeed: (state.needRank, state.needType) = ("", "")
        case .keyStage:
            state.keyStage = ""
            state.pupil.results.removeSubrange(state.pendingResultsStart...)
        case .stageAssessment:
            state.result = IngestedResult()  // `sourceFile` empty, as for the pupil
            state.result.sourceLine = xml.line
        default: break
        }
    }

    /// Stores a leaf's value or closes a group, by the element's name and its parent's name.
    private func end(state: inout ParseState, tables: IngestTables) throws {
        guard let name = state.open.popLast() else { return }
        defer { state.text.removeAll() }
        let parent = state.open.last ?? .other

        if parent == .header || parent == .sourceSchool {
            switch (parent, name) {
            case (.header, .ctfVersion): state.header.version = state.value
            case (.header, .dateTime): state.header.dateTime = state.value
            case (.sourceSchool, .lea): state.header.la = state.value
            case (.sourceSchool, .estab): state.header.estab = state.value
            case (.sourceSchool, .urn): state.header.urn = state.value
            case (.sourceSchool, .schoolName): state.header.schoolName = state.value
            case (.sourceSchool, .academicYear): state.header.academicYear = state.value
            default: break
            }
            return
        }
        guard state.inPupil else { return }

        switch (parent, name) {
        case (.pupil, .upn): state.pupil.pupil.upn = state.value
        case (.pupil, .surname): state.pupil.pupil.surname = state.value
        case (.pupil, .forename): state.pupil.pupil.forename = state.value
        case (.pupil, .dob): state.pupil.pupil.dob = state.value
        case (.pupil, .gender): state.pupil.gender = state.value
        case (.pupil, .sex): state.pupil.sex = state.value
        case (.basicDetails, .formerUPN): state.pupil.pupil.formerUPN = state.value
        case (.basicDetails, .ncYearActual): state.pupil.pupil.ncYear = state.value
        case (.basicDetails, .ethnicity): state.pupil.pupil.ethnicity = state.value
        case (.basicDetails, .ethnicitySource): state.pupil.pupil.ethnicitySource = state.value
        case (.basicDetails, .serviceChild), (.pupil, .serviceChild): state.pupil.pupil.serviceChild = state.value
        case (.type, .languageType): state.languageType = state.value
        case (.type, .language): state.language = state.value
        case (.languages, .type):
            // Only the first language (type F) is used; other types (home, main) say less about EAL.
            if state.languageType.uppercased() == "F" && state.pupil.pupil.firstLanguage.isEmpty {
                state.pupil.pupil.firstLanguage = state.language
            }
        case (.lookedAfter, .inCare): state.pupil.pupil.lookedAfter = state.value
        case (.fsmInstance, .fsmStartDate): state.fsmStart = state.value
        case (.fsmInstance, .fsmEndDate): state.fsmEnd = state.value
        case (_, .fsmInstance): state.pupil.fsmPeriods.append("\(state.fsmStart)/\(state.fsmEnd)")
        case (.sen, .startDate): state.senStart = state.value
        case (.sen, .senProvision): state.senProvision = state.value
        case (.sen, .endDate): state.senEnd = state.value
        case (_, .sen): state.pupil.senPeriods.append((state.senStart, state.senProvision, state.senEnd))
        case (.senNeed, .senTypeRank): state.needRank = state.value
        case (.senNeed, .senType): state.needType = state.value
        case (_, .senNeed):
            if state.needRank == "1" && state.pupil.pupil.senPrimaryNeed.isEmpty {
                state.pupil.pupil.senPrimaryNeed = state.needType
            }
        case (.keyStage, .stage): state.keyStage = state.value
        case (.stageAssessment, .locale): break  // always ENG for England; not carried
        case (.stageAssessment, .year): state.result.year = state.value
        case (.stageAssessment, .subject): state.result.subject = state.value
        case (.stageAssessment, .method): state.result.method = state.value
        case (.stageAssessment, .component): state.result.component = state.value
        case (.stageAssessment, .resultStatus): state.result.resultStatus = state.value
        case (.stageAssessment, .resultQualifier): state.result.qualifier = state.value
        case (.stageAssessment, .result): state.result.result = state.value
        case (.stageAssessment, .resultDate): state.result.resultDate = state.value
        case (_, .stageAssessment): state.pupil.results.append(state.result)
        case (_, .keyStage):
            // The stage is applied when the group closes, so it does not matter where <Stage> sits inside it.
            for index in state.pendingResultsStart..<state.pupil.results.count {
                state.pupil.results[index].stage = state.keyStage
            }
            state.pendingResultsStart = state.pupil.results.count
        case (_, .pupil):
            state.inPupil = false
            state.pupil.results.removeSubrange(state.pendingResultsStart...)  // outside any <KeyStage>: no stage
            try deliver(&state.pupil, header: state.header, tables: tables)
        default: break
        }
    }

    /// Completes a pupil from the header, checks it, and writes or rejects it with its results.
    private func deliver(_ inProgress: inout PupilInProgress, header: CTFHeader, tables: IngestTables) throws {
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

        for index in inProgress.results.indices {
            inProgress.results[index].upn = pupil.upn
            inProgress.results[index].measure = measures.measure(for: inProgress.results[index], in: assessmentMap)
        }
        let results = inProgress.results

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

    /// The assessment map's answers so far, by the result's fields as written: a file has few distinct
    /// assessments, and the map's own lookup trims and upper-cases all four fields every time.
    private let measures = MeasureMemo()

    private final class MeasureMemo {
        private struct Key: Hashable {
            var stage, subject, method, component: String
        }
        private var known: [Key: String] = [:]

        func measure(for result: IngestedResult, in map: AssessmentMap) -> String {
            let key = Key(stage: result.stage, subject: result.subject, method: result.method, component: result.component)
            if let measure = known[key] { return measure }
            let measure = map.measure(stage: key.stage, subject: key.subject, method: key.method, component: key.component)
            if known.count < 4096 { known[key] = measure }  // bounded: memory stays flat on any file
            return measure
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

import Foundation
import Testing
@testable import GapsCore

/// Choosing a profile: detection, `--profile`, user profiles, and the one-line errors when no choice can be made.
@Suite struct IngestProfileSelectionTests {
    /// The repository's `pipelines/profiles`, found from this file.
    static let pipelineProfiles: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("pipelines/profiles")

    @Test func shippedProfilesLoad() throws {
        let names = try ExtractProfile.shipped().map(\.name)
        #expect(names == ["census", "ks4-performance-tables", "npd-ks1-levels", "npd-ks1", "npd-ks2-levels", "npd-ks2"])
    }

    @Test func detectionPicksTheProfileAndRecordsIt() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("ks1.csv", "UPN,ACADYR,READING,WRITING,MATHS\nA1,2014/15,2B,2C,3\n")
        let manifest = try scratch.ingest(input)
        let note = "profile: npd-ks1-levels detected from the header (5 of 5 columns recognised)"
        #expect(manifest.inputs.first?.notes.contains(note) == true)
        #expect(manifest.inputs.first?.notes.contains("extract profiles: 6 shipped") == true)
        // The line the command prints on stderr.
        #expect(IngestStage.decisionLines(of: manifest) == ["\(input): \(note)"])
    }

    @Test func whenSeveralProfilesFitTheOneRecognisingMostColumnsWins() throws {
        // npd-ks2 knows UPN, ACADYR, READSCORE (3); npd-ks2-levels knows UPN, ACADYR, READLEV, MATLEV (4).
        let scratch = try IngestScratch()
        let input = try scratch.write("mixed.csv", "UPN,ACADYR,READSCORE,READLEV,MATLEV\nA1,2015/16,,4,5\n")
        let manifest = try scratch.ingest(input)
        #expect(manifest.inputs.first?.notes.contains(
            "profile: npd-ks2-levels detected from the header (4 of 5 columns recognised; also fits npd-ks2 (3))") == true)
        #expect(try scratch.results().map(\.component) == ["RD", "MA"])
    }

    @Test func aTieIsAnErrorListingTheTiedProfiles() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("tie.csv", "UPN,ACADYR,READSCORE,READLEV\nA1,2015/16,101,\n")
        #expect(throws: GapsError.unknownLayout(
            SourceLocation(file: input, line: 1),
            message: "the header fits 2 extract profiles equally well (npd-ks2-levels, npd-ks2: 3 columns each); choose one with --profile")) {
            try scratch.ingest(input)
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
        // Naming one settles it.
        let manifest = try scratch.ingest(input, options: ExtractIngestOptions(profile: "NPD-KS2"))
        #expect(manifest.inputs.first?.notes.contains("profile: npd-ks2 chosen with --profile (3 of 4 columns recognised)") == true)
        #expect(try scratch.results().map(\.result) == ["101"])
    }

    @Test func anUnknownLayoutNamesTheClosestProfileAndWhatItLacks() throws {
        let scratch = try IngestScratch()
        // npd-ks2 recognises UPN, SURNAME and READSCORE (3); every other profile 2 at most.
        let noYear = try scratch.write("noyear.csv", "UPN,SURNAME,READSCORE\nA,B,100\n")
        #expect(throws: GapsError.unknownLayout(
            SourceLocation(file: noYear, line: 1),
            message: "the header fits no extract profile; closest: npd-ks2 (NPD KS2 2016+ extract) lacks ACADYR (3 columns recognised)")) {
            try scratch.ingest(noYear)
        }
        // No result column: the four NPD profiles tie on UPN, ACADYR and SURNAME; each says what it lacks.
        let noResults = try scratch.write("noresults.csv", "UPN,ACADYR,SURNAME\nA,2024,B\n")
        do {
            try scratch.ingest(noResults)
            Issue.record("a header without result columns was accepted")
        } catch let error as GapsError {
            let text = error.description
            #expect(text.hasPrefix("\(noResults):1: unknown layout: the header fits no extract profile; closest: npd-ks1-levels"))
            #expect(text.contains("npd-ks2 (NPD KS2 2016+ extract) lacks one of READSCORE, READOUTCOME, MATSCORE"))
            #expect(text.hasSuffix("(3 columns recognised)"))
            #expect(!text.contains("\n"))
        }
        let unrelated = try scratch.write("other.csv", "colour,size\nred,3\n")
        do {
            try scratch.ingest(unrelated)
            Issue.record("an unrelated CSV was accepted")
        } catch let error as GapsError {
            #expect(error.description.hasPrefix("\(unrelated):1: unknown layout: the header shares no column with any extract profile (profiles: census, ks4-performance-tables,"))
        }
    }

    @Test func aNamedProfileNamesTheMissingColumn() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("noyear.csv", "UPN,SURNAME,READSCORE\nA,B,100\n")
        #expect(throws: GapsError.missingField(SourceLocation(file: input, line: 1), field: "ACADYR")) {
            try scratch.ingest(input, options: ExtractIngestOptions(profile: "npd-ks2"))
        }
        let ks4 = try scratch.write("KS4pu22.csv", "UPN,Surname\nA,B\n")
        #expect(throws: GapsError.missingField(SourceLocation(file: ks4, line: 1), field: "Attainment 8 score")) {
            try scratch.ingest(ks4, options: ExtractIngestOptions(profile: "ks4-performance-tables"))
        }
        #expect(throws: GapsError.self) { try scratch.ingest(input, options: ExtractIngestOptions(profile: "nope")) }
        do {
            try scratch.ingest(input, options: ExtractIngestOptions(profile: "nope"))
        } catch let error as GapsError {
            #expect(error.description.hasPrefix("--profile: invalid configuration: no extract profile named 'nope' (known: census,"))
        }
    }

    @Test func anEmptyFileIsOneClearLine() throws {
        let scratch = try IngestScratch()
        for (name, bytes) in [("empty.csv", [UInt8]()), ("bom-only.csv", [0xEF, 0xBB, 0xBF]), ("blank.csv", Array("\r\n\n".utf8))] {
            let input = try scratch.write(name, bytes: bytes)
            #expect(throws: GapsError.malformedInput(SourceLocation(file: input), message: "empty file: no header line")) {
                try scratch.ingest(input)
            }
        }
    }

    @Test func headersMatchIgnoringCaseSpacesAndPrefixesForEveryProfile() throws {
        let catalogue = try ExtractProfileCatalogue.load(userFolder: nil)
        for profile in catalogue.profiles {
            // The profile's required columns and its first result column, lower-cased, padded, with doubled inner
            // spaces, and behind the profile's first prefix (in lower case) when it has one.
            let columns = profile.requiredColumns + (profile.results.first?.columns.prefix(1).map { $0 } ?? [])
            let prefix = profile.columnPrefixes.first?.lowercased() ?? ""
            let header = columns.map { "  " + prefix + $0.lowercased().replacingOccurrences(of: " ", with: "  ") + " " }
            let (choice, index) = try ExtractProfileSelector.choose(
                header: header, catalogue: catalogue, requested: nil, location: SourceLocation(file: profile.name))
            #expect(choice.profile.name == profile.name, "header \(header)")
            #expect(index[ExtractProfile.columnKey(profile.requiredColumns[0])] == 0, "\(profile.name)")
        }
    }

    @Test func academicYearFromTheFlagOrTheFileNameOrAnError() throws {
        let scratch = try IngestScratch()
        let header = "UPN,Attainment 8 score\n"
        let unnamed = try scratch.write("ks4-results.csv", header + "A1,50\n")
        do {
            try scratch.ingest(unnamed)
            Issue.record("a file with no academic year was accepted")
        } catch let error as GapsError {
            #expect(error.description == "\(unnamed):1: missing required field 'academic year: the file has no academic-year column in this layout and a name that does not match (?i)^KS4pu(\\d{2})(?!\\d); pass it with --academic-year, e.g. --academic-year 2021/22'")
        }
        let manifest = try scratch.ingest(unnamed, options: ExtractIngestOptions(academicYear: "2021/2022"))
        #expect(manifest.inputs.first?.notes.contains("academic year: 2021/22 from --academic-year") == true)
        #expect(try scratch.pupils().map(\.academicYear) == ["2021/22"])
        #expect(try scratch.results().map(\.year) == ["2022"])

        // The flag wins over the file name.
        let named = try scratch.write("KS4pu22 AGS.csv", header + "A1,50\n")
        try scratch.ingest(named, options: ExtractIngestOptions(academicYear: "201920"), out: "flag")
        #expect(try scratch.pupils("flag").map(\.academicYear) == ["2019/20"])
        try scratch.ingest(named, out: "name")
        #expect(try scratch.pupils("name").map(\.academicYear) == ["2021/22"])
        // Only a name that starts with KS4pu and two digits counts.
        let longer = try scratch.write("KS4pu221.csv", header + "A1,50\n")
        #expect(throws: GapsError.self) { try scratch.ingest(longer, out: "longer") }

        // A bare year is ambiguous; nonsense is refused; both before anything is written.
        for bad in ["2022", "2021/23", "last year"] {
            #expect(throws: GapsError.invalidConfiguration(
                SourceLocation(file: "--academic-year"),
                message: "expected an academic year such as 2021/22, 2021/2022 or 202122, found '\(bad)'")) {
                try scratch.ingest(named, options: ExtractIngestOptions(academicYear: bad), out: "bad")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("bad")))
    }

    @Test func theFlagFillsOnlyRowsThatLeaveTheirYearColumnEmpty() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("ks2.csv", "UPN,ACADYR,READSCORE\nA1,2022/23,101\nA2,,102\n")
        let manifest = try scratch.ingest(input, options: ExtractIngestOptions(academicYear: "2023/24"))
        #expect(try scratch.results().map { "\($0.upn) \($0.year)" } == ["A1 2023", "A2 2024"])
        #expect(manifest.inputs.first?.notes.contains("academic year: 2023/24 from --academic-year, for rows that leave ACADYR empty") == true)
    }

    @Test func aUserProfileFromAProfilesFolder() throws {
        let scratch = try IngestScratch()
        let folder = scratch.path("my-profiles")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try scratch.write("my-profiles/my-mis.json", """
        {
          "name": "my-mis",
          "description": "Our MIS KS2 export",
          "stage": "KS2",
          "requiredColumns": ["Pupil UPN", "Reading SS"],
          "pupil": { "upn": ["Pupil UPN"], "surname": ["Family name"], "dob": ["Born"], "academicYear": ["Year"] },
          "results": [
            { "subject": "ENG", "method": "TT", "component": "RD", "scoreColumn": "Reading SS", "scoreQualifier": "SS",
              "scoreMinimum": 80, "scoreMaximum": 120 },
            { "subject": "ENG", "method": "TA", "component": "WR", "outcomeColumn": "Writing", "outcomeQualifier": "NC" }
          ]
        }
        """)
        try scratch.write("my-profiles/README.md", "Not a profile: ignored.\n")
        let input = try scratch.write("export.csv", "Pupil UPN,Family name,Born,Year,Reading SS,Writing\nB801200005001,Khan,02/10/2013,2023/24,104,EXS\n")
        let manifest = try scratch.ingest(input, options: ExtractIngestOptions(profilesFolder: folder))
        let notes = try #require(manifest.inputs.first?.notes)
        #expect(notes.contains("profile: my-mis detected from the header (6 of 6 columns recognised; from \(folder)/my-mis.json)"))
        #expect(notes.contains("extract profiles: 6 shipped, 1 from \(folder)"))
        #expect(try scratch.pupils() == [extractPupil(input, 2, "B801200005001") {
            $0.surname = "Khan"; $0.dob = "2013-10-02"; $0.academicYear = "2023/24"
        }])
        #expect(try scratch.results() == [
            extractResult(input, 2, "B801200005001", stage: "KS2", year: "2024", "ENG", "TT", "RD", "SS", "104", "ks2_reading"),
            extractResult(input, 2, "B801200005001", stage: "KS2", year: "2024", "ENG", "TA", "WR", "NC", "EXS", "ks2_writing"),
        ])
        // Without the folder the layout is unknown.
        #expect(throws: GapsError.self) { try scratch.ingest(input, out: "shipped-only") }
        // The UPN column is required even when the profile does not list it: rows could not be linked without it.
        let noUPN = try scratch.write("no-upn.csv", "UPN?,Reading SS\nB801200005001,104\n")
        #expect(throws: GapsError.missingField(SourceLocation(file: noUPN, line: 1), field: "Pupil UPN")) {
            try scratch.ingest(noUPN, options: ExtractIngestOptions(profile: "my-mis", profilesFolder: folder), out: "no-upn")
        }
    }

    @Test func userProfilesAreCheckedWhenLoaded() throws {
        let scratch = try IngestScratch()
        try FileManager.default.createDirectory(atPath: scratch.path("p"), withIntermediateDirectories: true)
        func loadError(_ json: String) throws -> String {
            let path = try scratch.write("p/profile.json", json)
            do {
                _ = try ExtractProfile.load(path: path)
                return "loaded"
            } catch let error as GapsError {
                return error.description.replacingOccurrences(of: path, with: "P")
            }
        }
        let upn = #""pupil": {"upn": ["UPN"]}"#
        #expect(try loadError(#"{"name": "x", "requiredColumn": ["UPN"], \#(upn)}"#)
                == "P: invalid configuration: unknown key 'requiredColumn' (known: academicYearFromFileName, columnPrefixes, description, name, pupil, requiredColumns, results, stage)")
        #expect(try loadError(#"{"name": "x", "stage": "KS4", \#(upn), "results": [{"subject": "A", "method": "", "component": "", "outcomeColumn": "A", "measure": "ks4_att8"}]}"#)
                .hasPrefix("P: invalid configuration: result A  : unknown measure 'ks4_att8' (known: ks1_reading,"))
        #expect(try loadError(#"{"name": "x", "stage": "KS2", "pupil": {"surname": ["S"]}, "results": []}"#)
                == "P: invalid configuration: the profile names no UPN column (pupil field 'upn')")
        #expect(try loadError(#"{"name": "x", \#(upn), "pupil2": {}}"#).hasPrefix("P: invalid configuration: unknown key 'pupil2'"))
        #expect(try loadError(#"{"name": "x", \#(upn), "academicYearFromFileName": "KS4pu\\d\\d"}"#)
                == #"P: invalid configuration: academicYearFromFileName 'KS4pu\d\d' needs a capture group around the year"#)
        #expect(try loadError(#"{"name": "x", "pupil": {"upn": ["UPN"], "colour": ["C"]}}"#).hasPrefix("P: invalid configuration: unknown pupil field 'colour'"))
        #expect(try loadError(#"{"name": "x", \#(upn), "results": [{"subject": "A", "method": "", "component": "", "outcomeColumn": "A", "outcomeQualifer": ""}]}"#)
                .hasPrefix("P: invalid configuration: unknown result key 'outcomeQualifer'"))
        #expect(try loadError(#"{"name": "x", "#).hasPrefix("P: invalid configuration: not valid JSON"))
        #expect(try loadError(#"{"name": "census-mine", \#(upn)}"#) == "loaded")   // a pupils-only profile may be this short

        // A user profile may not take a shipped profile's name.
        try scratch.write("p/profile.json", #"{"name": "NPD-KS2", \#(upn)}"#)
        #expect(throws: GapsError.invalidConfiguration(
            SourceLocation(file: scratch.path("p/profile.json")),
            message: "profile name 'NPD-KS2' is already used by shipped profile npd-ks2: rename one of them")) {
            _ = try ExtractProfileCatalogue.load(userFolder: scratch.path("p"))
        }
        #expect(throws: GapsError.io(path: scratch.path("missing"), message: "extract profiles folder not found (--profiles)")) {
            _ = try ExtractProfileCatalogue.load(userFolder: scratch.path("missing"))
        }
    }

    @Test func theExampleUserProfileReadsAnMISExport() throws {
        let folder = Self.pipelineProfiles.path
        let catalogue = try ExtractProfileCatalogue.load(userFolder: folder)
        #expect(catalogue.entries.filter { !$0.isShipped }.map(\.profile.name) == ["example-ks2-mis-export"])
        let scratch = try IngestScratch()
        let input = try scratch.write("year6-results.csv", """
        UPN,Legal Surname,Legal Forename,Date of Birth,Gender,Year Group,Ethnicity Code,First Language,FSM Eligible,FSM Ever 6,Looked After,SEN Status,DfE Number,Reading Scaled Score,Reading Outcome,Maths Scaled Score,Maths Outcome,GPS Scaled Score,GPS Outcome,Writing TA
        B801200005001,Khan,Amir,02/10/2013,M,6,APKN,URD,Y,Y,N,K,8012000,104,,,A,99,,EXS

        """)
        let manifest = try scratch.ingest(input, options: ExtractIngestOptions(profilesFolder: folder, academicYear: "2023/24"))
        #expect(manifest.inputs.first?.notes.contains { $0.hasPrefix("profile: example-ks2-mis-export detected from the header (20 of 20") } == true)
        #expect(try scratch.pupils() == [extractPupil(input, 2, "B801200005001") {
            $0.surname = "Khan"; $0.forename = "Amir"; $0.dob = "2013-10-02"; $0.sex = "M"; $0.ncYear = "6"
            $0.ethnicity = "APKN"; $0.firstLanguage = "URD"; $0.fsmEligible = "Y"; $0.fsmEver6 = "Y"
            $0.lookedAfter = "N"; $0.senProvision = "K"; $0.la = "801"; $0.estab = "2000"; $0.academicYear = "2023/24"
        }])
        func ks2(_ component: String, _ subject: String, _ method: String, _ qualifier: String, _ value: String,
                 _ measure: String) -> IngestedResult {
            extractResult(input, 2, "B801200005001", stage: "KS2", year: "2024", subject, method, component, qualifier, value, measure)
        }
        #expect(try scratch.results() == [
            ks2("RD", "ENG", "TT", "SS", "104", "ks2_reading"),
            ks2("MA", "MAT", "TT", "", "A", "ks2_maths"),
            ks2("GPS", "ENG", "TT", "SS", "99", "ks2_gps"),
            ks2("WR", "ENG", "TA", "NC", "EXS", "ks2_writing"),
        ])
    }

    @Test func defaultUserFolderIsPipelinesProfilesWhenItExists() throws {
        let scratch = try IngestScratch()
        #expect(ExtractProfileCatalogue.defaultUserFolder(currentDirectory: scratch.root.path) == nil)
        try FileManager.default.createDirectory(atPath: scratch.path("pipelines/profiles"), withIntermediateDirectories: true)
        #expect(ExtractProfileCatalogue.defaultUserFolder(currentDirectory: scratch.root.path) == "pipelines/profiles")
    }
}

/// The command's flags and its lines on stderr. Runs when the product is built.
@Suite(.enabled(if: IngestCommand.executable != nil, "needs the gaps-ingest executable built in .build/debug"))
struct IngestProfileCommandTests {
    @Test func theChoiceIsLoggedOnStandardError() throws {
        let scratch = try IngestScratch()
        try FileManager.default.createDirectory(atPath: scratch.path("none"), withIntermediateDirectories: true)
        let input = try scratch.write("ks4.csv", "UPN,Attainment 8 score\nA1,50\n")
        let (status, stderr) = try IngestCommand.run(
            [input, "--out", scratch.path("out"), "--profiles", scratch.path("none"), "--academic-year", "2021/22"])
        #expect(status == 0)
        #expect(stderr == """
            \(input): profile: ks4-performance-tables detected from the header (2 of 2 columns recognised)
            \(input): academic year: 2021/22 from --academic-year
            ingested \(input): 1 pupils, 1 results, 0 rejected

            """)
    }

    @Test func namedProfileAndErrorsAreOneLine() throws {
        let scratch = try IngestScratch()
        try FileManager.default.createDirectory(atPath: scratch.path("none"), withIntermediateDirectories: true)
        let input = try scratch.write("tie.csv", "UPN,ACADYR,READSCORE,READLEV\nA1,2015/16,101,\n")
        let failed = try IngestCommand.run([input, "--out", scratch.path("out"), "--profiles", scratch.path("none")])
        #expect(failed.status != 0)
        #expect(failed.stderr.hasPrefix("gaps-ingest: error: \(input):1: unknown layout: the header fits 2 extract profiles"))
        #expect(failed.stderr.filter { $0 == "\n" }.count == 1)
        let named = try IngestCommand.run(
            [input, "--out", scratch.path("out"), "--profiles", scratch.path("none"), "--profile", "npd-ks2"])
        #expect(named.status == 0)
        #expect(named.stderr.hasPrefix("\(input): profile: npd-ks2 chosen with --profile"))
    }
}

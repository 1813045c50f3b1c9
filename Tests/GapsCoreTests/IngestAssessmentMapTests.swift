import Foundation
import Testing
@testable import GapsCore

@Suite struct IngestAssessmentMapTests {
    @Test func shippedMapHoldsTheDocumentedDefaults() throws {
        let map = try AssessmentMap.shipped()
        let expected: [(String, String, String, String, AssessmentMeasure)] = [
            ("KS1", "ENG", "TA", "RD", .ks1Reading), ("KS1", "ENG", "TA", "WR", .ks1Writing),
            ("KS1", "MAT", "TA", "MA", .ks1Maths), ("KS2", "ENG", "TT", "RD", .ks2Reading),
            ("KS2", "MAT", "TT", "MA", .ks2Maths), ("KS2", "ENG", "TT", "GPS", .ks2GPS),
            ("KS2", "ENG", "TA", "WR", .ks2Writing), ("KS1", "SCI", "TA", "SCI", .ks1Science),
        ]
        #expect(map.entries.count == expected.count)
        for (stage, subject, method, component, measure) in expected {
            #expect(map.measure(stage: stage, subject: subject, method: method, component: component) == measure.rawValue)
        }
        #expect(map.measure(stage: " ks2 ", subject: "eng", method: "Tt", component: "rd\n") == "ks2_reading")
        #expect(map.measure(stage: "KS2", subject: "ENG", method: "TA", component: "RD") == "")
    }

    @Test func unknownMeasureNamesTheFileAndLine() throws {
        let scratch = try IngestScratch()
        let path = try scratch.write("map.csv", "stage,subject,method,component,measure\nKS2,ENG,TT,RD,ks2_reading\nKS2,SCI,TA,SC,ks2_science\n")
        do {
            _ = try AssessmentMap.load(path: path)
            Issue.record("an unknown measure was accepted")
        } catch let error as GapsError {
            guard case let .invalidConfiguration(location, message) = error else {
                Issue.record("expected invalidConfiguration, got \(error)")
                return
            }
            #expect(location == SourceLocation(file: path, line: 3))
            #expect(message.contains("ks2_science"))
        }
    }

    @Test func conflictingRowsAreAnError() throws {
        let scratch = try IngestScratch()
        let path = try scratch.write("map.csv", "stage,subject,method,component,measure\nKS2,ENG,TT,RD,ks2_reading\nks2,eng,tt,rd,ks2_gps\n")
        #expect(throws: GapsError.self) { try AssessmentMap.load(path: path) }
    }

    @Test func aUsersMapDecidesTheMeasures() throws {
        let scratch = try IngestScratch()
        // This map knows only KS1 science (mapped, for the test, to ks1_reading) and uses Excel's BOM and CRLF.
        let map = try scratch.write("map.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("stage,subject,method,component,measure\r\n KS1 , SCI ,TA,SC, KS1_Reading \r\n".utf8))
        let input = try scratch.write("school.xml", handBuiltCTF)
        let manifest = try scratch.ingest(input, map: map)
        // Results in file order: KS2 reading, KS2 maths, KS1 science, KS2 writing.
        #expect(try scratch.results().map(\.measure) == ["", "", "ks1_reading", ""])
        #expect(manifest.inputs.first?.notes.contains("assessment map: \(map)") == true)
    }

    @Test func aMissingMapIsReported() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("school.xml", handBuiltCTF)
        #expect(throws: GapsError.io(path: scratch.path("nope.csv"), message: "assessment map not found")) {
            try scratch.ingest(input, map: scratch.path("nope.csv"))
        }
    }
}

/// The `gaps-ingest` executable itself: exit status and its one line on stderr. Runs when the product is built.
enum IngestCommand {
    static let executable: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(".build/debug/gaps-ingest")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return nil }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        guard let executable else { throw GapsError.io(path: "gaps-ingest", message: "executable not built") }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

@Suite(.enabled(if: IngestCommand.executable != nil, "needs the gaps-ingest executable built in .build/debug"))
struct IngestCommandTests {
    @Test func successPrintsOneSummaryLine() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("school.xml", handBuiltCTF)
        let (status, stderr) = try IngestCommand.run([input, "--out", scratch.path("out")])
        #expect(status == 0)
        #expect(stderr == "ingested \(input): 2 pupils, 4 results, 0 rejected\n")
    }

    @Test func malformedInputExitsNonZeroWithOneLine() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("file.xml", "<?xml version=\"1.0\"?>\n<CTfile>\n<Pupil>\n</CTfile>\n")
        let (status, stderr) = try IngestCommand.run([input, "--out", scratch.path("out")])
        #expect(status != 0)
        #expect(stderr.hasPrefix("gaps-ingest: error: \(input):4:"))
        #expect(stderr.filter { $0 == "\n" }.count == 1)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
    }
}

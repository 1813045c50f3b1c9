import Foundation
import Testing
@testable import GapsCore

@Suite struct CSVTableTests {
    @Test func quotedFieldsSurviveARoundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("t.csv")
        let writer = try CSVWriter(url: url, header: ["a", "b"], restricted: true)
        try writer.write(["O'Neil, \"Jo\"", "line1\nline2"])
        try writer.write(["Zoë", ""])
        try writer.close()
        let records = try CSVReader(path: url.path).readAll()
        #expect(records.map(\.fields) == [["a", "b"], ["O'Neil, \"Jo\"", "line1\nline2"], ["Zoë", ""]])
        #expect(records.map(\.line) == [1, 2, 4])
        let permissions = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }
}

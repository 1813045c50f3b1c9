import Foundation
import Testing
@testable import GapsCore

/// The ingest stage's fast paths (docs/performance.md) give exactly what the general code gives. No timing here:
/// speed is measured by `make bench`, not by tests.
@Suite struct IngestFastPathTests {
    // MARK: - Extract rows

    /// Reads `input` with the fast rows on or off into `out`; returns the tables (closed) for their counts.
    private func ingestExtract(_ input: String, _ scratch: IngestScratch, out: String, fast: Bool) throws -> IngestTables {
        let output = try AtomicOutputDirectory(scratch.path(out))
        defer { output.discard() }
        let tables = try IngestTables(directory: output, sourceFile: input)
        let reader = ExtractReader(path: input, profiles: try ExtractProfile.shipped(), assessmentMap: try AssessmentMap.shipped())
        reader.usesFastRows = fast
        _ = try reader.read(into: tables)
        _ = try tables.close()
        try output.commit()
        return tables
    }

    /// Rows of every kind the fast path must either write exactly as the full reader does or leave to it: clean
    /// rows, and rows with each thing that sends a row to the full reader (or makes it a reject).
    private func mixedExtract() -> [UInt8] {
        let nbsp: [UInt8] = [0xC2, 0xA0]
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((ks2Header + "\r\n").utf8)
        func row(_ fields: [String]) { bytes += Array((fields.joined(separator: ",") + "\r\n").utf8) }
        // UPN, SURNAME, FORENAMES, DOB, SEX, LA, ESTAB, LAESTAB, URN, SCHNAME, ACADYR, READSCORE, READOUTCOME,
        // MATSCORE, MATOUTCOME, GPSSCORE, GPSOUTCOME, WRITTAOUTCOME, FSM, FSM6, CLA_PP_1_DAY, EALGRP, SENPROV,
        // ETHNICITYMAJOR, ETHNICITYMINOR
        func clean(_ serial: Int) -> [String] {
            ["A80120000\(1000 + serial)", "Smith", "Jo", "0\(1 + serial % 9)/1\(serial % 3)/2013", "F", "801", "2000",
             "8012000", "100001", "Oak Primary", "2023/2024", "\(80 + serial % 41)", "AS", "", "B", "105", "AS", "EXS",
             "0", "1", "0", "1", "N", "WHIT", "WBRI"]
        }
        for serial in 0..<40 {
            var fields = clean(serial)
            switch serial % 20 {
            case 0: break
            case 1: fields[1] = "Zoë"                                       // UTF-8 text: as it is
            case 2: fields[1] = " Smith\t"                                  // ASCII padding: trimmed on the fast path
            case 3: fields[9] = "\"Oak, \"\"Hill\"\" Primary\""             // quoted comma and quotes
            case 4: fields[11] = "100.5"                                    // a decimal score
            case 5: fields[11] = "79"                                       // out of range: rejected
            case 6: fields[3] = "1/9/2013"                                  // one-digit day and month
            case 7: fields[3] = "2013-02-28"                                // ISO date
            case 8: fields[3] = "31/02/2013"                                // no such date: rejected
            case 9: fields[0] = ""                                          // no UPN: rejected
            case 10: (fields[5], fields[6]) = ("", "")                      // LA and ESTAB from LAESTAB
            case 11: fields[10] = "202324"                                  // another academic year form
            case 12: fields[10] = "2023/2025"                               // years do not follow: rejected
            case 13: fields.append("")                                      // an empty extra field
            case 14: fields.append("x")                                     // a value beyond the header: rejected
            case 15: fields.removeLast()                                    // a field short: rejected
            case 16: fields[11] = "0100"                                    // leading zero
            case 17: fields[3] = "01/02/2013 00:00"                         // midnight time
            case 18: fields[13] = "abc"                                     // letters in a score: rejected
            default: fields[12] = "\"A\nB\""                                // a line break in a quoted outcome
            }
            row(fields)
        }
        bytes += Array(String(repeating: ",", count: 24).utf8) + [0x0D, 0x0A]                  // blank row
        bytes += Array("A801200009001,".utf8) + nbsp + Array("Pad".utf8) + nbsp             // Unicode padding
        bytes += Array(",Jo,01/02/2013,M,801,2000,8012000,1,School,2023/2024,100,AS,,,,,,,,,,,,\r\n".utf8)
        bytes += Array("A801200009002,Caf".utf8) + [0xE9] + Array(",Jo,01/02/2013,M,801,2000,,1,School,2023/2024,,A,,,,,,,,,,,,\r\n".utf8)
        // Arabic-Indic digits in LAESTAB: seven numbers to `Character.isNumber`, so LA and ESTAB come from them.
        bytes += Array("A801200009003,Digits,Jo,01/02/2013,M,,,٨٠١٢٠٠٠,1,School,2023/2024,100,AS,,,,,,,,,,,,\r\n".utf8)
        // A name ending in an em space (Unicode white space the reference trims).
        bytes += Array("A801200009004,Em\u{2003},Jo,01/02/2013,M,801,2000,,1,School,2023/2024,100,AS,,,,,,,,,,,,\r\n".utf8)
        return bytes
    }

    @Test func fastRowsWriteExactlyWhatTheFullReaderWrites() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("mixed.csv", bytes: mixedExtract())
        let fast = try ingestExtract(input, scratch, out: "fast", fast: true)
        let full = try ingestExtract(input, scratch, out: "full", fast: false)
        // The fast path took the rows that qualify, and only those: of the 20 kinds of row, the clean one and 9
        // more (UTF-8 name, padding, quotes, ISO date, LAESTAB, 202324, empty extra field, leading zero, quoted line
        // break), each twice: 20 rows. The five rows after the loop (blank, no-break-space padding, Windows-1252,
        // Arabic-Indic digits, em space) do not.
        #expect(fast.templatePupils == 20)
        #expect(full.templatePupils == 0)
        #expect(fast.pupilCounts == full.pupilCounts)
        #expect(fast.resultCounts == full.resultCounts)
        for file in [IngestedPupil.fileName, IngestedResult.fileName, RejectRecord.fileName] {
            let fastBytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("fast/\(file)")))
            let fullBytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("full/\(file)")))
            #expect(fastBytes == fullBytes, "\(file) differs")
        }
        // And the fast output reads back as the values themselves: the padded surname trimmed, the quoted school
        // name whole, the DD/MM/YYYY date in ISO form.
        let pupils = try scratch.pupils("fast")
        #expect(pupils.first { $0.upn == "A801200001002" }?.surname == "Smith")
        #expect(pupils.first { $0.upn == "A801200001003" }?.schoolName == "Oak, \"Hill\" Primary")
        #expect(pupils.first { $0.upn == "A801200001000" }?.dob == "2013-10-01")   // written 01/10/2013
        #expect(pupils.first { $0.upn == "A801200001010" }.map { [$0.la, $0.estab] } == ["801", "2000"])
        #expect(pupils.first { $0.upn == "A801200009003" }.map { [$0.la, $0.estab] } == ["٨٠١", "٢٠٠٠"])
        #expect(pupils.first { $0.upn == "A801200009004" }?.surname == "Em")
        #expect(pupils.first { $0.upn == "A801200001001" }?.surname == "Zoë")
    }

    @Test func rowsWithoutAnAcademicYearTakeTheFileYearOnBothPaths() throws {
        // --academic-year 2023/24 for rows that leave ACADYR empty: the fast path writes the file's year as the
        // reference does; a row that states its own year keeps it.
        let scratch = try IngestScratch()
        var text = ks2Header + "\n"
        for serial in 0..<6 {
            let year = serial % 3 == 0 ? "2022/2023" : ""
            text += "A80120000\(1000 + serial),Smith,Jo,01/02/2013,F,801,2000,8012000,100001,Oak,\(year),\(90 + serial),AS,,,,,,,,,,,,\n"
        }
        let input = try scratch.write("no-year.csv", text)
        var tables: [IngestTables] = []
        for (out, fast) in [("fast", true), ("full", false)] {
            let output = try AtomicOutputDirectory(scratch.path(out))
            let written = try IngestTables(directory: output, sourceFile: input)
            let reader = ExtractReader(path: input, catalogue: ExtractProfileCatalogue(profiles: try ExtractProfile.shipped()),
                                       assessmentMap: try AssessmentMap.shipped(), academicYear: "2023/24")
            reader.usesFastRows = fast
            _ = try reader.read(into: written)
            _ = try written.close()
            try output.commit()
            tables.append(written)
        }
        #expect(tables[0].templatePupils == 6)
        #expect(tables[1].templatePupils == 0)
        for file in [IngestedPupil.fileName, IngestedResult.fileName, RejectRecord.fileName] {
            let fastBytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("fast/\(file)")))
            let fullBytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("full/\(file)")))
            #expect(fastBytes == fullBytes, "\(file) differs")
        }
        let years = try scratch.pupils("fast").map(\.academicYear)
        #expect(years == ["2022/2023", "2023/24", "2023/24", "2022/2023", "2023/24", "2023/24"])
        let resultYears = try scratch.results("fast").map(\.year)
        #expect(resultYears == ["2023", "2024", "2024", "2023", "2024", "2024"])
    }

    // MARK: - Writing rows

    @Test func rowTemplatesAndRecordRowsWriteWhatFieldValuesWrites() throws {
        let scratch = try IngestScratch()
        var pupil = IngestedPupil()
        // Every field distinct, so that two fields written in each other's place would show.
        for (index, keyPath) in ([\.sourceFile, \.sourceDate, \.upn, \.formerUPN, \.surname, \.forename, \.dob, \.sex,
                                  \.ncYear, \.ethnicity, \.ethnicitySource, \.firstLanguage, \.serviceChild,
                                  \.lookedAfter, \.fsmPeriods, \.fsmEligible, \.fsmEver6, \.senProvision,
                                  \.senPrimaryNeed, \.la, \.estab, \.urn, \.schoolName, \.academicYear]
                                 as [WritableKeyPath<IngestedPupil, String>]).enumerated() {
            pupil[keyPath: keyPath] = "p\(index)"
        }
        pupil.surname = "O'Neil, \"Jo\""   // needs quotes
        pupil.schoolName = "Line\nbreak"
        pupil.sourceLine = Int.min
        pupil.sourceKind = .extract
        var result = IngestedResult()
        for (index, keyPath) in ([\.sourceFile, \.upn, \.stage, \.year, \.subject, \.method, \.component,
                                  \.resultStatus, \.qualifier, \.result, \.resultDate, \.measure]
                                 as [WritableKeyPath<IngestedResult, String>]).enumerated() {
            result[keyPath: keyPath] = "r\(index)"
        }
        result.sourceLine = -42
        result.result = "a\"b"

        let reference = try CSVWriter(url: URL(fileURLWithPath: scratch.path("reference.csv")), header: ["h"], restricted: true)
        try reference.write(pupil.fieldValues)
        try reference.write(result.fieldValues)
        try reference.write(["a,b", "x\r\ny", "plain", "-7", "", "q\"x", "907"])
        try reference.close()

        let fast = try CSVWriter(url: URL(fileURLWithPath: scratch.path("fast.csv")), header: ["h"], restricted: true)
        try fast.writeRow(pupil)
        try fast.writeRow(result)
        let template = CSVRowTemplate([.text("a,b"), .hole(0), .text("plain"), .hole(1), .hole(2), .text("q\"x"), .hole(3)])
        try fast.writeRow(template) { hole in
            switch hole {
            case 0: Array("x\r\ny".utf8).withUnsafeBufferPointer { fast.appendHole(bytes: $0) }
            case 1: fast.appendHole(number: -7)
            case 2: break  // nothing: an empty cell
            default: fast.appendHole(number: 907)
            }
        }
        try fast.close()
        #expect(fast.rowsWritten == 3)
        let expected = try String(contentsOfFile: scratch.path("reference.csv"), encoding: .utf8)
        #expect(try String(contentsOfFile: scratch.path("fast.csv"), encoding: .utf8) == expected)
        #expect(expected.contains("\(Int.min),extract,p1"))   // the reference itself holds what was set
    }

    // MARK: - Reading CSV

    @Test func aQuotedLineBreakAcrossTheReadChunkKeepsFieldsAndLines() throws {
        let scratch = try IngestScratch()
        // Filler rows "x,y\n" (4 bytes) up to 12 bytes before the first chunk ends, then a record whose quoted
        // field holds a line break 8 bytes in (inside the first chunk) and runs on into the second chunk.
        var text = "a,b\n"
        let fillerRows = (CSVReader.chunkSize - text.utf8.count - 12) / 4
        text += String(repeating: "x,y\n", count: fillerRows)
        text += "z,\"multi\nline field\"\nlast,row\n"
        let input = try scratch.write("chunks.csv", text)
        let records = try CSVReader(path: input).readAll()
        #expect(records.count == fillerRows + 3)
        let multi = try #require(records.dropLast().last)
        #expect(multi.fields == ["z", "multi\nline field"])
        #expect(multi.line == fillerRows + 2)
        #expect(records.last == CSVRecord(fields: ["last", "row"], line: fillerRows + 4))
    }

    @Test func rawRecordsHoldTheFieldsForEachRecordDecodes() throws {
        let scratch = try IngestScratch()
        // BOM, a bare-CR line end (two records in one line), a Windows-1252 byte, an empty field.
        let input = try scratch.write("raw.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("a,b\rc,\"d,e\"\nZo".utf8) + [0xEB] + Array(",\n".utf8))
        var raw: [(line: Int, bytes: [[UInt8]], text: [String])] = []
        try CSVReader(path: input).forEachRawRecord { record in
            raw.append((record.line, (0..<record.count).map { Array(record.bytes(at: $0)) },
                        (0..<record.count).map(record.string(at:))))
        }
        #expect(raw.map(\.line) == [1, 1, 2])
        #expect(raw.map(\.bytes) == [[Array("a".utf8), Array("b".utf8)], [Array("c".utf8), Array("d,e".utf8)],
                                     [Array("Zo".utf8) + [0xEB], []]])
        #expect(raw.map(\.text) == [["a", "b"], ["c", "d,e"], ["Zoë", ""]])
        #expect(try CSVReader(path: input).readAll().map(\.fields) == raw.map(\.text))
    }

    @Test(arguments: [
        Array("  plain\t".utf8), Array(" \r\n ".utf8), [], [0xC2, 0xA0] + Array("nbsp".utf8) + [0xC2, 0xA0],
        [0xC2, 0xA0, 0x20, 0xC2, 0xA0], [0xA0] + Array("cp1252".utf8) + [0xA0], Array(" \u{2003}em\u{2003} ".utf8),
        Array(" Zoë ".utf8), [0x20, 0xE9, 0x20], Array("inner  space".utf8), [0x81, 0x20],
    ])
    func trimmingBytesMatchesTrimmingTheDecodedText(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            let reference = IngestValues.trimmed(CSVReader.decodeField(buffer))
            #expect(IngestValues.trimmedText(buffer, decode: CSVReader.decodeField) == reference)
            #expect(IngestValues.isBlank(buffer, decode: CSVReader.decodeField) == reference.isEmpty)
        }
    }

    @Test func datesOnTheFastShapeAndOffIt() {
        // Worked out from the calendar: 2012 is a leap year, 2013 is not, April has 30 days, 1899 is out of range.
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "29/02/2012") == "2012-02-29")
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "29/02/2013") == nil)
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "31/04/2013") == nil)
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "30/04/2013") == "2013-04-30")
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "01/01/1899") == nil)
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "1/9/2011") == "2011-09-01")
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "01/0a/2011") == nil)
        #expect(IngestValues.isISODate("2000-02-29"))   // divisible by 400: a leap year
        #expect(!IngestValues.isISODate("1900-02-29"))  // divisible by 100 only: not one
        #expect(!IngestValues.isISODate("2013-13-01"))
        #expect(!IngestValues.isISODate("2013/01/01"))
    }

    // MARK: - Reading XML

    /// Node types and values `XMLStreamReader` hands over for `document`, skipping `Secret` subtrees.
    private func nodes(of document: String) throws -> [(type: XMLStreamReader.NodeType, name: String, value: String, line: Int)] {
        let scratch = try IngestScratch()
        let xml = try XMLStreamReader(path: try scratch.write("nodes.xml", document))
        var nodes: [(type: XMLStreamReader.NodeType, name: String, value: String, line: Int)] = []
        var hasNode = try xml.read()
        while hasNode {
            if xml.nodeType == .element && xml.localName == "Secret" {
                hasNode = try xml.skipSubtree()
                continue
            }
            nodes.append((xml.nodeType, xml.nodeType == .element ? xml.localName : "", xml.value, xml.line))
            hasNode = try xml.read()
        }
        return nodes
    }

    @Test func layoutWhiteSpaceIsDroppedAndValuesKeepTheirText() throws {
        let nodes = try nodes(of: """
            <?xml version="1.0"?>
            <r>
              <a>one &amp; <![CDATA[two]]></a>
              <Secret>SECRET-TEXT<b>NESTED</b></Secret>
              <c>  padded  </c>
            </r>
            """)
        // NOBLANKS: no node for the indentation between elements (the old reader saw a whitespace node after <r>,
        // after each element and before </r>).
        #expect(!nodes.contains { $0.type == .whitespace || $0.type == .significantWhitespace })
        #expect(nodes.filter { $0.type == .element }.map(\.name) == ["r", "a", "c"])
        #expect(nodes.filter { $0.type == .element }.map(\.line) == [2, 3, 5])
        let text = nodes.filter { $0.type == .text || $0.type == .cdata }.map(\.value)
        #expect(text.joined().contains("one & two"))
        #expect(text.contains("  padded  "))   // white space next to text stays; the CTF reader trims it
        #expect(!text.joined().contains("SECRET") && !text.joined().contains("NESTED"))
    }

    @Test func linesBeyond65535AreFoundInTheFileWhateverTheLayout() throws {
        // Past line 65535 a node's line comes from the file's bytes. Same-named siblings within the parser's read-ahead,
        // a "<Pupil" inside a comment and CDATA, attributes, empty elements, indentation and blank lines: each pupil's
        // line is worked out from how the text is built (pupil i starts on line 3 + 5i).
        var text = "<?xml version=\"1.0\"?>\n<CTfile>\n"
        for index in 0..<14_000 {
            switch index % 4 {
            case 0: text += "<Pupil>\n<UPN>U\(index)</UPN>\n\n<!-- <Pupil> -->\n</Pupil>\n"
            case 1: text += "<Pupil id=\"\(index)\"><![CDATA[<Pupil>\n]]></Pupil>\n\n\n\n"
            case 2: text += "<Pupil/><x/>\n\n\n\n\n"
            default: text += "  <Pupil>\n    <UPN>U</UPN>\n  </Pupil>\n\n\n"
            }
        }
        text += "</CTfile>\n"
        let lines = try nodes(of: text).filter { $0.type == .element && $0.name == "Pupil" }.map(\.line)
        #expect(lines.count == 14_000)
        let firstWrong = lines.indices.first { lines[$0] != 3 + 5 * $0 }
        #expect(firstWrong == nil, "pupil \(firstWrong ?? 0) on line \(lines[firstWrong ?? 0]), expected \(3 + 5 * (firstWrong ?? 0))")
        #expect(lines.last! > 65535)
    }
}

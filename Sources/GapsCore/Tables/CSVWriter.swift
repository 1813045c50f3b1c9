import Foundation

/// Writes RFC 4180 CSV (UTF-8, LF line ends), buffered.
///
/// Pupil-level files are created with owner-only permissions (0600) because they hold personal data.
/// Published files can neutralise cells that a spreadsheet would run as a formula.
public final class CSVWriter {
    public let url: URL
    public let isRestricted: Bool
    public let neutralisesFormulas: Bool
    public private(set) var rowsWritten = 0
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// - Parameters:
    ///   - restricted: pupil-level data: the file is created 0600 and its manifest entry is marked restricted.
    ///   - neutraliseFormulas: prefix an apostrophe to cells starting with `=`, `+`, `-`, `@`, tab or carriage
    ///     return, except plain numbers such as `-3.5`. Use it for every file a person might open in Excel.
    public init(url: URL, header: [String], restricted: Bool, neutraliseFormulas: Bool = false) throws {
        self.url = url
        self.isRestricted = restricted
        self.neutralisesFormulas = neutraliseFormulas
        let permissions: Int = restricted ? 0o600 : 0o644
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: permissions]),
              let handle = FileHandle(forWritingAtPath: url.path)
        else {
            throw GapsError.io(path: url.path, message: "cannot create file")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
        appendRow(header)
    }

    /// Writes one data row.
    public func write(_ fields: [String]) throws {
        appendRow(fields)
        rowsWritten += 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Flushes and closes the file; returns its manifest entry.
    @discardableResult
    public func close() throws -> ManifestOutput {
        try flush()
        do { try handle.close() } catch {
            throw GapsError.io(path: url.path, message: "cannot close file: \(error.localizedDescription)")
        }
        return ManifestOutput(file: url.lastPathComponent, rows: rowsWritten, restricted: isRestricted)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw GapsError.io(path: url.path, message: "cannot write: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func appendRow(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            let cell = neutralisesFormulas ? SpreadsheetSafety.neutralise(field) : field
            if cell.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                buffer.append(0x22)
                for byte in cell.utf8 {
                    if byte == 0x22 { buffer.append(0x22) }
                    buffer.append(byte)
                }
                buffer.append(0x22)
            } else {
                buffer.append(contentsOf: cell.utf8)
            }
        }
        buffer.append(0x0A)
    }
}

/// Defuses CSV injection: text that Excel, LibreOffice or Google Sheets would evaluate as a formula.
public enum SpreadsheetSafety {
    private static let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Returns `cell` unchanged when harmless (including numbers like `-3.5`), otherwise prefixed with `'`.
    /// The first Unicode scalar is tested, not the first Character: "\r\n" is one Character, which is not "\r".
    public static func neutralise(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, triggers.contains(first) else { return cell }
        if Double(cell) != nil, !cell.contains(where: { $0.isLetter }) { return cell }
        return "'" + cell
    }
}

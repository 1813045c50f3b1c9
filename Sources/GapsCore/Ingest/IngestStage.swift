import Foundation

/// The kinds of input gaps-ingest reads, recognised by content rather than by file name.
public enum IngestInputFormat: String, Sendable {
    case ctf
    case extract

    /// XML when the first byte after any byte-order mark and white space is `<`, otherwise a CSV extract.
    public static func detect(path: String) throws -> IngestInputFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw GapsError.io(path: path, message: "cannot open for reading")
        }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 4096))
        var bytes = head[...]
        var isUTF16 = false
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes = bytes.dropFirst(3)
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            bytes = bytes.dropFirst(2)
            isUTF16 = true
        }
        let spaces: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        let first = bytes.first { !spaces.contains($0) && !(isUTF16 && $0 == 0) }
        return first == UInt8(ascii: "<") ? .ctf : .extract
    }
}

/// The gaps-ingest stage: one input file in, `pupils.csv`, `results.csv`, `rejects.csv` and `manifest.json` out.
public enum IngestStage {
    public static let name = "ingest"

    /// Reads `input` (a CTF or a CSV extract, chosen by content) and writes the stage's tables into
    /// `outputDirectory`, which appears whole or not at all: on any error the previous output is left untouched.
    ///
    /// - Parameter assessmentMap: a user's assessment map (CSV), or nil for the shipped one.
    /// - Parameter extractOptions: `--profile`, `--profiles` and `--academic-year`, for CSV extracts only.
    /// - Returns: the manifest, also written as `manifest.json` (last, so that Make sees a finished stage).
    @discardableResult
    public static func run(input: String, outputDirectory: String, assessmentMap: String? = nil,
                           extractOptions: ExtractIngestOptions = ExtractIngestOptions()) throws -> Manifest {
        let map = try AssessmentMap.load(path: assessmentMap)
        guard FileManager.default.isReadableFile(atPath: input) else {
            throw GapsError.io(path: input, message: "input file not found or not readable")
        }
        let format = try IngestInputFormat.detect(path: input)
        // The input is hashed as it is parsed (`CTFReader.inputDigest`, `ExtractReader.inputDigest`): one read.
        var describedInput: ManifestInput?

        let output = try AtomicOutputDirectory(outputDirectory)
        defer { output.discard() }
        let tables = try IngestTables(directory: output, sourceFile: input)
        var notes: [String] = []
        switch format {
        case .ctf:
            let reader = CTFReader(path: input, assessmentMap: map)
            let header = try reader.read(into: tables)
            if let digest = reader.inputDigest {
                describedInput = ManifestInput(path: input, sha256: digest.hex, bytes: digest.bytes)
            }
            notes.append(header.layoutNote)
            if !header.schoolName.isEmpty || !header.urn.isEmpty {
                notes.append("school: \(header.schoolName) (URN \(header.urn.isEmpty ? "not stated" : header.urn))")
            }
        case .extract:
            let catalogue = try ExtractProfileCatalogue.load(userFolder: extractOptions.profilesFolder)
            let reader = ExtractReader(path: input, catalogue: catalogue, assessmentMap: map,
                                       requestedProfile: extractOptions.profile, academicYear: extractOptions.academicYear)
            let summary = try reader.read(into: tables)
            if let digest = reader.inputDigest {
                describedInput = ManifestInput(path: input, sha256: digest.hex, bytes: digest.bytes)
            }
            notes += summary.notes + [catalogue.note]
        }
        notes.append("assessment map: \(assessmentMap ?? "shipped default (\(AssessmentMap.defaultResource))")")
        let outputs = try tables.close()

        guard var description = describedInput else { throw GapsError.io(path: input, message: "the input was not hashed") }
        description.counts = ["pupils": tables.pupilCounts, "results": tables.resultCounts]
        description.notes = notes
        let manifest = Manifest(stage: name, inputs: [description], outputs: outputs)
        try manifest.write(to: output.url(for: Manifest.fileName))
        try output.commit()
        return manifest
    }

    /// The one-line summary the command prints on stderr.
    public static func summary(of manifest: Manifest) -> String {
        guard let input = manifest.inputs.first else { return "ingested nothing" }
        let pupils = input.counts["pupils"] ?? RowCounts()
        let results = input.counts["results"] ?? RowCounts()
        let rejected = pupils.rejected + results.rejected
        var text = "ingested \(input.path): \(pupils.written) pupils, \(results.written) results, \(rejected) rejected"
        if rejected > 0 { text += " (see \(RejectRecord.fileName))" }
        return text
    }
}

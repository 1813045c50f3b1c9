import Foundation

/// One gaps-ingest output directory, read whole (pupils.csv and results.csv; its rejects stay with ingest).
public struct IngestedInput: Sendable {
    public var directory: String
    public var pupils: [IngestedPupil]
    public var results: [IngestedResult]

    public init(directory: String, pupils: [IngestedPupil], results: [IngestedResult]) {
        self.directory = directory
        self.pupils = pupils
        self.results = results
    }

    /// Reads an ingest output directory. A directory without `manifest.json` was not finished by gaps-ingest
    /// (the manifest is written last) and is refused with `GapsError.missingStageOutput`.
    public static func read(directory: String) throws -> IngestedInput {
        let base = URL(fileURLWithPath: directory)
        let manifestURL = base.appendingPathComponent(Manifest.fileName)
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw GapsError.missingStageOutput(path: directory, expected: Manifest.fileName)
        }
        let manifest = try Manifest.read(from: manifestURL)
        guard manifest.stage == "ingest" else {
            throw GapsError.unknownLayout(SourceLocation(file: manifestURL.path),
                                          message: "manifest of stage '\(manifest.stage)', expected the output of gaps-ingest")
        }
        // The tables carry no `source_file` column: every row comes from the input the manifest names. A table
        // that has the column (written by hand or by an older gaps-ingest) keeps its own values.
        let sourceFile = manifest.inputs.first?.path ?? ""
        var pupils = try TableFile.read(IngestedPupil.self, from: base.appendingPathComponent(IngestedPupil.fileName))
        for index in pupils.indices where pupils[index].sourceFile.isEmpty { pupils[index].sourceFile = sourceFile }
        var results = try TableFile.read(IngestedResult.self, from: base.appendingPathComponent(IngestedResult.fileName))
        for index in results.indices where results[index].sourceFile.isEmpty { results[index].sourceFile = sourceFile }
        return IngestedInput(directory: directory, pupils: pupils, results: results)
    }

    /// The manifest entry for this input: the directory, identified by the SHA-256 of the bytes of its
    /// `pupils.csv` followed by its `results.csv` (the two files normalise reads), and their combined size.
    public func manifestInput(counts: [String: RowCounts]) throws -> ManifestInput {
        let base = URL(fileURLWithPath: directory)
        let files = [IngestedPupil.fileName, IngestedResult.fileName].map { base.appendingPathComponent($0).path }
        let digest = try sha256Hex(ofFiles: files)
        return ManifestInput(path: directory, sha256: digest.hex, bytes: digest.bytes, counts: counts,
                             notes: ["sha256 of pupils.csv then results.csv"])
    }
}

/// The gaps-normalise stage: ingest directories in, one normalised directory out.
///
/// Writes `pupils.csv`, `results.csv`, `rejects.csv` (this stage's own rejects) and `data-quality.csv` (problems
/// that did not stop a row, such as unknown codes and conflicting sources), all restricted (0600); then the counts
/// per school and LA `key-stage-matching.csv` and `data-quality-summary.csv`, which hold no pupil data (not
/// restricted, formulas neutralised); then `manifest.json` last, through `AtomicOutputDirectory`: the output
/// appears whole or not at all.
public enum NormaliseStage {
    public static let name = "normalise"

    /// Runs the stage and returns its manifest.
    @discardableResult
    public static func run(inputDirectories: [String], outputDirectory: String, options: NormaliseOptions,
                           reference: NormaliseReferenceData) throws -> Manifest {
        let inputs = try inputDirectories.map(IngestedInput.read(directory:))
        let outcome = Normaliser(reference: reference, options: options).normalise(inputs)

        let output = try AtomicOutputDirectory(outputDirectory)
        var outputs: [ManifestOutput] = []
        outputs.append(try TableFile.write(outcome.pupils, to: output.url(for: NormalisedPupil.fileName), restricted: true))
        outputs.append(try TableFile.write(outcome.results, to: output.url(for: NormalisedResult.fileName), restricted: true))
        outputs.append(try TableFile.write(outcome.rejects, to: output.url(for: RejectRecord.fileName), restricted: true))
        outputs.append(try TableFile.write(outcome.dataQuality, to: output.url(for: DataQualityIssue.fileName), restricted: true))
        outputs.append(try writeCounts(outcome.keyStageMatching, to: output.url(for: KeyStageMatchingRow.fileName)))
        outputs.append(try writeCounts(outcome.dataQualitySummary, to: output.url(for: DataQualitySummaryRow.fileName)))

        let manifestInputs = try zip(inputs, outcome.inputCounts).map { input, counts in try input.manifestInput(counts: counts) }
        let manifest = Manifest(stage: name, inputs: manifestInputs, outputs: outputs, counts: outcome.counts)
        for (kind, counts) in manifest.counts where !counts.isBalanced {
            // A programming error, never an input problem: refuse to publish numbers that do not add up.
            throw GapsError.invalidConfiguration(SourceLocation(file: outputDirectory),
                                                 message: "\(kind) counts do not balance: \(counts)")
        }
        try manifest.write(to: output.url(for: Manifest.fileName))
        try output.commit()
        return manifest
    }

    /// A table of counts (no pupil data): readable by anyone, and safe to open in a spreadsheet (a school name
    /// starting with `=` is not run as a formula).
    private static func writeCounts<Record: TableRecord>(_ records: [Record], to url: URL) throws -> ManifestOutput {
        let writer = try CSVWriter(url: url, header: Record.columns, restricted: false, neutraliseFormulas: true)
        for record in records { try writer.write(record.fieldValues) }
        return try writer.close()
    }

    /// The one-line summary the command prints on stderr.
    public static func summary(_ manifest: Manifest, outputDirectory: String) -> String {
        func describe(_ counts: RowCounts?) -> String {
            guard let counts else { return "0" }
            var text = "\(counts.read) read, \(counts.written) written, \(counts.rejected) rejected"
            let setAside = counts.setAside.values.reduce(0, +)
            if setAside > 0 { text += ", \(setAside) set aside" }
            return text
        }
        let issues = manifest.outputs.first { $0.file == DataQualityIssue.fileName }?.rows ?? 0
        return "gaps-normalise: \(manifest.inputs.count) input(s); pupils \(describe(manifest.counts["pupils"])); "
            + "results \(describe(manifest.counts["results"])); \(issues) data-quality issue(s) -> \(outputDirectory)"
    }
}

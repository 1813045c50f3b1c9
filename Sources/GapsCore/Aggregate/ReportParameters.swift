import Foundation

/// The settings of an aggregate run that later stages need to word or recompute figures the same way:
/// `report-parameters.json` in the aggregate output, beside the published tables.
///
/// gaps-render counts entitled pupils receiving support from the restricted pupil list and the provision file,
/// figures the aggregate stage never sees; it must suppress them with the thresholds the aggregate run used
/// (`--min-denominator`, `--min-numerator`), or a run with stricter thresholds would show on its packs a count its
/// own tables withhold. A file of its own, not a manifest field, so that the manifest (a shared contract) is left as
/// it is and an older aggregate output (without the file) still renders, with the default thresholds.
public struct ReportParameters: Codable, Sendable, Equatable {
    public static let fileName = "report-parameters.json"

    /// A figure out of 1 to `minimumDenominator - 1` pupils is withheld.
    public var minimumDenominator: Int
    /// A count of 1 to `minimumNumerator - 1` pupils meeting a standard is withheld.
    public var minimumNumerator: Int
    /// Whether an LA's rows and its schools' rows were protected together (`--suppress-across-places`).
    public var suppressAcrossPlaces: Bool

    public init(minimumDenominator: Int, minimumNumerator: Int, suppressAcrossPlaces: Bool) {
        self.minimumDenominator = minimumDenominator
        self.minimumNumerator = minimumNumerator
        self.suppressAcrossPlaces = suppressAcrossPlaces
    }

    public init(suppression: Suppression) {
        self.init(
            minimumDenominator: suppression.minimumDenominator, minimumNumerator: suppression.minimumNumerator,
            suppressAcrossPlaces: suppression.acrossPlaces)
    }

    /// The aggregate stage's defaults, for an aggregate output that predates the file.
    public static let defaults = ReportParameters(suppression: Suppression())

    /// The suppression rules these parameters describe.
    public var suppression: Suppression {
        Suppression(
            minimumDenominator: minimumDenominator, minimumNumerator: minimumNumerator,
            acrossPlaces: suppressAcrossPlaces)
    }

    /// Writes the file (published: it holds settings, no figures) and returns its manifest entry (one record).
    func write(into output: AtomicOutputDirectory) throws -> ManifestOutput {
        let url = output.url(for: Self.fileName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(self).write(to: url)
        } catch {
            throw GapsError.io(path: url.path, message: "cannot write report parameters: \(error.localizedDescription)")
        }
        return ManifestOutput(file: Self.fileName, rows: 1, restricted: false)
    }

    /// The parameters recorded in an aggregate output directory; `nil` when it has no such file (an older run).
    /// A file that exists but cannot be read, or holds thresholds below 1, stops the caller with the file named.
    public static func read(fromAggregateDirectory directory: URL) throws -> ReportParameters? {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GapsError.io(path: url.path, message: "cannot read report parameters")
        }
        let parameters: ReportParameters
        do {
            parameters = try JSONDecoder().decode(ReportParameters.self, from: data)
        } catch {
            throw GapsError.malformedInput(
                SourceLocation(file: url.path),
                message: "expected minimumDenominator, minimumNumerator and suppressAcrossPlaces: \(error.localizedDescription)")
        }
        guard parameters.minimumDenominator >= 1, parameters.minimumNumerator >= 1 else {
            throw GapsError.malformedInput(
                SourceLocation(file: url.path),
                message: "thresholds must be at least 1, found minimumDenominator \(parameters.minimumDenominator) "
                    + "and minimumNumerator \(parameters.minimumNumerator)")
        }
        return parameters
    }
}

extension ReportParameters {
    /// What gaps-render says on stderr when the aggregate output predates the file.
    static var missingNote: String {
        "the aggregate output has no \(fileName) (an older run): the report's own counts (pupils receiving support) "
            + "are suppressed with the default thresholds, \(defaults.minimumDenominator) pupils and "
            + "\(defaults.minimumNumerator) meeting a standard; rerun gaps-aggregate to record the thresholds it used"
    }
}

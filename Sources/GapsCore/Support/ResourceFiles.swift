import Foundation

/// Data files shipped inside the package (`Sources/GapsCore/Resources`): code sets, point scales, templates.
/// Each file names its source in its first comment lines or in `Resources/README.md`.
public enum ResourceFiles {
    /// The URL of a shipped resource such as `codes/ethnicity.csv`.
    public static func url(_ relativePath: String) throws -> URL {
        guard let base = Bundle.module.resourceURL else {
            throw GapsError.io(path: relativePath, message: "resource bundle not found next to the executable")
        }
        // `.copy("Resources")` puts the folder inside the bundle, but swift-corelibs-foundation on Linux already
        // reports that inner `Resources` folder as the bundle's resourceURL (Darwin reports the folder holding it).
        let candidates = [base.appendingPathComponent("Resources"), base].map { $0.appendingPathComponent(relativePath) }
        guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw GapsError.io(path: candidates[0].path, message: "shipped data file is missing")
        }
        return url
    }
}

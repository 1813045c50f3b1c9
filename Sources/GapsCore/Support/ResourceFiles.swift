import Foundation

/// Data files shipped inside the package (`Sources/GapsCore/Resources`): code sets, point scales, templates.
/// Each file names its source in its first comment lines or in `Resources/README.md`.
public enum ResourceFiles {
    /// The URL of a shipped resource such as `codes/ethnicity.csv`.
    public static func url(_ relativePath: String) throws -> URL {
        guard let base = Bundle.module.resourceURL else {
            throw GapsError.io(path: relativePath, message: "resource bundle not found next to the executable")
        }
        // `.copy("Resources")` puts the folder inside the bundle's resource directory, but on Linux Foundation
        // treats a bundle holding a `Resources` folder as that folder itself: accept both layouts.
        let nested = base.appendingPathComponent("Resources").appendingPathComponent(relativePath)
        let url = FileManager.default.fileExists(atPath: nested.path) ? nested : base.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw GapsError.io(path: url.path, message: "shipped data file is missing")
        }
        return url
    }
}

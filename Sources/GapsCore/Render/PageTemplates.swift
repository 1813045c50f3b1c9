import Foundation
import Mustache

/// The Mustache templates shipped in `Resources/templates/`, each registered under its file name without
/// `.mustache`, so a page template can include the shared parts as partials (`{{> headline-tables}}`).
///
/// Templates escape every value they insert (`{{ }}`, HTML content type); only the chart SVG, which is built and
/// escaped in Swift, is inserted raw (`{{{ svg }}}`).
struct PageTemplates {
    private let library: MustacheLibrary

    static func load() throws -> PageTemplates {
        let folder = try ResourceFiles.url("templates")
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".mustache") }
                .sorted()
        } catch {
            throw GapsError.io(path: folder.path, message: "cannot list templates: \(error.localizedDescription)")
        }
        var library = MustacheLibrary()
        for name in names {
            let url = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path),
                  let text = String(data: data, encoding: .utf8)
            else {
                throw GapsError.io(path: url.path, message: "cannot read template as UTF-8")
            }
            do {
                library.register(try MustacheTemplate(string: text), named: String(name.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw GapsError.invalidConfiguration(
                    SourceLocation(file: url.path, line: error.context.lineNumber, column: error.context.columnNumber),
                    message: "template does not parse: \(error.error)")
            }
        }
        return PageTemplates(library: library)
    }

    /// Renders `view` (a struct whose stored properties the template names) with the template `name`.
    func render(_ view: Any, template name: String) throws -> String {
        guard let text = library.render(view, withTemplate: name) else {
            throw GapsError.invalidConfiguration(
                SourceLocation(file: "templates/\(name).mustache"), message: "template is not shipped with the pipeline")
        }
        return text
    }
}

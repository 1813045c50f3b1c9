import Foundation
import Testing
@testable import GapsCore

/// WCAG 2.2 relative luminance of an sRGB colour written `#rrggbb`.
private func relativeLuminance(_ hex: String) throws -> Double {
    let digits = hex.dropFirst()
    let value = try #require(UInt32(digits, radix: 16), "colour \(hex)")
    #expect(digits.count == 6, "colour \(hex) must be written with six digits")
    func linear(_ channel: UInt32) -> Double {
        let c = Double(channel) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear(value >> 16 & 0xFF) + 0.7152 * linear(value >> 8 & 0xFF) + 0.0722 * linear(value & 0xFF)
}

/// WCAG contrast ratio, lighter over darker, each plus 0.05.
private func contrast(_ first: String, _ second: String) throws -> Double {
    let a = try relativeLuminance(first), b = try relativeLuminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)
}

/// Renders the standard fixture and returns every HTML output, by path.
private func renderedPages() throws -> [(path: String, html: String)] {
    let fixture = try RenderFixture()
    defer { fixture.remove() }
    try fixture.writeStandard()
    try fixture.writeAnalysis(schools: RenderFixture.standardSchools)
    try fixture.render()
    let files = try #require(FileManager.default.subpaths(atPath: fixture.output.path)).filter { $0.hasSuffix(".html") }.sorted()
    return try files.map { ($0, try fixture.page($0)) }
}

@Suite struct RenderAccessibilityTests {
    @Test func everyPageHasLanguageOneH1AndNoSkippedHeadingLevels() throws {
        let pages = try renderedPages()
        #expect(pages.map(\.path) == [
            "index.html", "schools/100001-governors.html", "schools/100001.html", "schools/100002-governors.html",
            "schools/100002.html",
        ])
        for (path, html) in pages {
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"), "\(path)")
            let levels = htmlTags(html).compactMap { tag -> Int? in
                guard tag.name.count == 2, tag.name.first == "h", let level = Int(tag.name.suffix(1)) else { return nil }
                return level
            }
            #expect(levels.filter { $0 == 1 }.count == 1, "\(path): exactly one h1")
            #expect(levels.first == 1, "\(path): the h1 comes first")
            for (previous, next) in zip(levels, levels.dropFirst()) {
                #expect(next <= previous + 1, "\(path): h\(previous) followed by h\(next)")
            }
        }
    }

    @Test func everyTableHasACaptionAndScopedHeadersAndEveryChartAName() throws {
        for (path, html) in try renderedPages() {
            let tags = htmlTags(html)
            var tables = 0
            for (index, tag) in tags.enumerated() {
                switch tag.name {
                case "table":
                    tables += 1
                    #expect(tags[index + 1].name == "caption", "\(path): table without a caption first")
                case "th":
                    #expect(tag.text.contains(" scope=\"col\"") || tag.text.contains(" scope=\"row\"")
                        || tag.text.contains(" scope=\"rowgroup\""), "\(path): <\(tag.text)>")
                case "svg":
                    #expect(tag.text.contains(" role=\"img\""), "\(path): <\(tag.text)>")
                    let label = tag.text.components(separatedBy: " aria-label=\"").dropFirst().first?.prefix { $0 != "\"" }
                    #expect((label?.count ?? 0) > 10, "\(path): chart without an accessible name")
                    #expect(tags[index + 1].name == "title" && tags[index + 3].name == "desc", "\(path): chart title and description")
                case "img":
                    #expect(tag.text.contains(" alt="), "\(path): image without alt text")
                default:
                    break
                }
            }
            #expect(tables > 0, "\(path)")
            // Every chart is followed by a table of the same numbers.
            let svgCount = tags.filter { $0.name == "svg" }.count
            #expect(svgCount <= tables, "\(path)")
        }
    }

    @Test func idsAreUniqueAndEveryReferenceResolves() throws {
        for (path, html) in try renderedPages() {
            func values(of attribute: String) -> [String] {
                html.components(separatedBy: " \(attribute)=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            }
            let ids = values(of: "id")
            #expect(Set(ids).count == ids.count, "\(path): duplicate ids")
            // aria-labelledby / aria-describedby name ids; in-page links name anchors.
            let references = values(of: "aria-labelledby") + values(of: "aria-describedby")
                + values(of: "href").filter { $0.hasPrefix("#") }.map { String($0.dropFirst()) }
            for reference in references {
                #expect(ids.contains(reference), "\(path): nothing has id \(reference)")
            }
            #expect(!references.isEmpty, "\(path)")
        }
    }

    @Test func contrastFunctionMatchesTheWCAGDefinition() throws {
        // Black on white: (1 + 0.05) / (0 + 0.05) = 21. #767676 on white is the familiar lightest AA grey:
        // 0x76 / 255 = 0.4627 -> ((0.4627 + 0.055) / 1.055)^2.4 = 0.1812, so (1.05) / (0.2312) = 4.54.
        #expect(abs(try contrast("#000000", "#ffffff") - 21) < 1e-9)
        #expect(abs(try contrast("#767676", "#ffffff") - 4.54) < 0.01)
    }

    @Test func textColoursInTheStylesheetMeetAAContrast() throws {
        let url = try ResourceFiles.url("templates/style.mustache")
        let css = try String(contentsOf: url, encoding: .utf8)
        // Each rule's declarations: the text colour (`color`, or `fill` for SVG text) against the rule's own
        // background if it sets one, else the page's white.
        var checked = 0
        for block in css.components(separatedBy: "{").dropFirst() {
            let declarations = block.prefix { $0 != "}" }
            func value(_ property: String) -> String? {
                for declaration in declarations.split(separator: ";") {
                    let parts = declaration.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    if parts.count == 2, parts[0] == property { return parts[1] }
                }
                return nil
            }
            let background = value("background") ?? value("background-color") ?? "#ffffff"
            for property in ["color", "fill"] {
                guard let colour = value(property), colour.hasPrefix("#") else { continue }
                let ratio = try contrast(colour, background)
                #expect(ratio >= 4.5, "\(property) \(colour) on \(background): \(ratio)")
                checked += 1
            }
        }
        // body, links, visited links, focus, lede, chart text, figcaption, footer and the page headers at least.
        #expect(checked >= 9)
    }

    @Test func chartColoursMeetTheGraphicsContrastOfThreeToOne() throws {
        // WCAG 1.4.11: graphical objects need 3:1 against their background (white).
        for colour in GapChart.palette {
            #expect(try contrast(colour, "#ffffff") >= 3, "\(colour)")
        }
    }
}

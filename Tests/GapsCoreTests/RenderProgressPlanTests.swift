import Foundation
import Testing
@testable import GapsCore

@Suite struct RenderProgressPlanTests {
    @Test func provisionRowsAreMatchedRejectedWithTheirLinesAndConserved() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try PupilScenario.write(fixture)
        let provision = try fixture.writeProvision(PupilScenario.provisionRows())
        let summary = try fixture.render(provision: provision)
        #expect(summary.provisionRejected == 4)

        // Rejects: lines 9-12 with the field and the reason, in the restricted folder, owner-only.
        let rejectsURL = fixture.output.appendingPathComponent("restricted/provision-rejects.csv")
        #expect(try posixPermissions(of: rejectsURL) & 0o777 == 0o600)
        let rejects = try TableFile.read(RejectRecord.self, from: rejectsURL)
        #expect(rejects.map(\.line) == [9, 10, 11, 12])
        #expect(rejects.map(\.field) == ["UPN", "UPN", "intervention", "UPN"])
        #expect(rejects.allSatisfy { $0.sourceFile == provision && $0.recordKind == "provision" })
        #expect(rejects[0].reason == "UPN must be 13 characters, found 4")
        #expect(rejects[1].reason.hasPrefix("UPN check letter is "))
        #expect(rejects[2].reason == "no intervention named")
        #expect(rejects[3].reason == "no UPN")

        // Manifest: 13 rows read = 7 matched to listed pupils + 4 rejected + 1 not on the list + 1 repeat.
        let manifest = try Manifest.read(from: fixture.output.appendingPathComponent("manifest.json"))
        let input = try #require(manifest.inputs.first { $0.path == provision })
        let counts = try #require(input.counts["provision"])
        #expect(counts == RowCounts(read: 13, written: 7, rejected: 4, setAside: [
            "pupil not on the list of pupils needing support": 1, "same UPN and intervention as an earlier row": 1,
        ]))
        #expect(counts.isBalanced)
        #expect(input.sha256 == (try sha256Hex(ofFile: provision)))
        #expect(manifest.outputs.contains(ManifestOutput(file: "restricted/provision-rejects.csv", rows: 4, restricted: true)))
        // The aggregate's progress files are inputs too, their counts balanced: the intersection row set aside.
        let entitlementInput = try #require(manifest.inputs.first { $0.path.hasSuffix("entitlement.csv") })
        #expect(entitlementInput.counts["entitlement"] == RowCounts(
            read: 18, written: 17, setAside: ["intersection of groups, not shown": 1]))
        let listInput = try #require(manifest.inputs.first { $0.path.hasSuffix("pupils-needing-support.csv") })
        #expect(listInput.counts["pupils needing support"]?.read == PupilScenario.listRows().count)
    }

    @Test func aProvisionFileWithoutTheColumnsStopsWithFileAndLine() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try PupilScenario.write(fixture)
        let provision = try fixture.writeProvision([[PupilScenario.d(1), "x"]], header: ["pupil", "intervention"])
        #expect(throws: GapsError.missingField(SourceLocation(file: provision, line: 1), field: "UPN")) {
            try fixture.render(provision: provision)
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path), "no output on failure")
    }

    @Test func restrictedPagesArePrivateMarkedAndListEveryPupilWithTheEvidence() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try PupilScenario.write(fixture)
        let summary = try fixture.render(provision: try fixture.writeProvision(PupilScenario.provisionRows()))
        #expect(summary.restrictedPages == 1)

        let folder = fixture.output.appendingPathComponent("restricted")
        let pageURL = folder.appendingPathComponent("100001-progress-plan.html")
        #expect(try posixPermissions(of: folder) & 0o777 == 0o700)
        #expect(try posixPermissions(of: pageURL) & 0o777 == 0o600)
        let manifest = try Manifest.read(from: fixture.output.appendingPathComponent("manifest.json"))
        let entry = try #require(manifest.outputs.first { $0.file == "restricted/100001-progress-plan.html" })
        #expect(entry.restricted)
        // One evidence row per list row.
        #expect(entry.rows == PupilScenario.listRows().count)
        #expect(manifest.outputs.filter { !$0.restricted }.allSatisfy { !$0.file.hasPrefix("restricted/") })

        let page = try fixture.page("restricted/100001-progress-plan.html")
        // Marked on screen, first thing, and on every printed page (the top-centre margin box).
        #expect(page.contains("<p class=\"restricted-notice\"><span class=\"restricted-label\">RESTRICTED</span>"))
        #expect(page.contains("@top-center { content: \(CSSEscaping.quotedString("RESTRICTED: pupil-level data, not for publication")); }"))
        #expect(page.contains("<title>RESTRICTED: Alpha Primary: pupil progress-plan list</title>"))
        // Every pupil once, by surname, with UPN, group and evidence.
        for (index, upn) in PupilScenario.disadvantaged.enumerated() {
            #expect(page.contains("<li>UPN \(upn)</li>"))
            #expect(page.components(separatedBy: "<h3 id=\"pupil-202324-\(upn)\">").count == 2, "D\(index + 1) once")
        }
        for upn in PupilScenario.others { #expect(page.contains("<li>UPN \(upn)</li>")) }
        #expect(page.contains("<h3 id=\"pupil-202324-\(PupilScenario.n(6))\">SurnameN6, ForenameN6</h3>"))
        #expect(page.contains("<li>Group: Not known to be disadvantaged, Girls</li>"))
        #expect(page.contains("<h2 id=\"pupils-202324-heading\">Pupils in 2023/24 (14)</h2>"))
        #expect(page.contains(
            "<tr><th scope=\"row\">(a) KS1 below expected in reading, writing or maths</th><td>Reading</td>"
                + "<td>below the expected standard in reading at KS1</td><td>KS1 WTS (2019/20)</td><td>\u{2013}</td>"
                + "<td class=\"num\">\u{2013}</td></tr>"))
        // Interventions from the provision file; none for a pupil it does not list.
        #expect(page.contains("<li>Intervention: Phonics 1:1</li>"))
        #expect(page.contains("<li>Intervention: none recorded in the provision file</li>"))
        // Markup in a name and an intervention is text.
        #expect(page.contains("<li>Intervention: &lt;b&gt;Maths&lt;/b&gt; &amp; &quot;boost&quot;</li>"))
        #expect(page.contains("SurnameD1, &lt;script&gt;alert(&#39;pupil&#39;)&lt;/script&gt;</h3>"))
        #expect(!page.contains("<script>") && !page.contains("<b>"))
        // The pupil who is not entitled is not listed.
        #expect(!page.contains(PupilScenario.outsider))
    }

    @Test func publicPagesHoldNoPupilNameOrUPNAndNeverLinkTheRestrictedPages() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try PupilScenario.write(fixture)
        try fixture.render(provision: try fixture.writeProvision(PupilScenario.provisionRows()))
        let publicPages = try #require(FileManager.default.subpaths(atPath: fixture.output.path))
            .filter { $0.hasSuffix(".html") && !$0.hasPrefix("restricted/") }
        #expect(publicPages.sorted() == [
            "index.html", "schools/100001-governors.html", "schools/100001.html", "schools/100002-governors.html",
            "schools/100002.html",
        ])
        let upns = PupilScenario.disadvantaged + PupilScenario.others + [PupilScenario.outsider]
        for file in publicPages {
            let html = try fixture.page(file)
            for upn in upns { #expect(!html.contains(upn), "\(file) holds a UPN") }
            #expect(!html.contains(PupilScenario.surnamePrefix), "\(file) holds a surname")
            #expect(!html.contains("Forename"), "\(file) holds a forename")
            #expect(!html.contains("alert(&#39;pupil"), "\(file) holds a pupil's name")
            #expect(!html.contains("Phonics") && !html.contains("boost"), "\(file) holds an intervention")
            #expect(!html.contains("progress-plan"), "\(file) links the restricted list")
        }
    }

    @Test func newSectionsAndTheRestrictedPageKeepTheAccessibilityRules() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try PupilScenario.write(fixture)
        try fixture.render(provision: try fixture.writeProvision(PupilScenario.provisionRows()))
        for file in ["schools/100001.html", "restricted/100001-progress-plan.html"] {
            let tags = htmlTags(try fixture.page(file))
            // Every table's first child is its caption; every header cell has a scope.
            for (index, tag) in tags.enumerated() where tag.name == "table" {
                #expect(tags[index + 1].name == "caption", "\(file): a table without a caption")
            }
            for tag in tags where tag.name == "th" {
                #expect(tag.text.contains("scope=\""), "\(file): <\(tag.text)> has no scope")
            }
            // Headings never skip a level going down.
            var level = 0
            for tag in tags where tag.name.count == 2 && tag.name.hasPrefix("h") {
                guard let next = Int(tag.name.dropFirst()) else { continue }
                #expect(next <= level + 1, "\(file): h\(level) followed by h\(next)")
                level = next
            }
            #expect(tags.filter { $0.name == "h1" }.count == 1)
        }
    }

    @Test func theDemoProvisionFileListsOnlyDemoPupils() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let provision = try ProvisionFile.read(from: repository.appendingPathComponent("fixtures/provision/demo-provision.csv"))
        #expect(provision.rejects.isEmpty)
        #expect(provision.entries.count >= 20)
        // Every UPN is a pupil of the synthetic demo: it appears in the committed demo inputs.
        var demoText = ""
        let demo = repository.appendingPathComponent("fixtures/demo")
        for path in try #require(FileManager.default.subpaths(atPath: demo.path)) where path.hasSuffix(".xml") || path.hasSuffix(".csv") {
            demoText += try String(contentsOf: demo.appendingPathComponent(path), encoding: .utf8)
        }
        for entry in provision.entries {
            #expect(demoText.contains(entry.upn), "\(entry.upn) (line \(entry.line)) is not a demo pupil")
        }
    }
}

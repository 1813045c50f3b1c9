import Foundation

/// Writes the render stage's restricted outputs: one progress-plan page per school on the aggregate stage's
/// restricted pupil list, and the provision file's rejects, all in `restricted/` (0700), each file 0600 and marked
/// `restricted` in the manifest.
enum ProgressPlanOutput {
    static let folderPermissions = 0o700
    static let filePermissions = 0o600

    struct Result {
        var outputs: [ManifestOutput] = []
        /// The provision file, with its counts, when one was given.
        var inputs: [ManifestInput] = []
        var pages = 0
    }

    static func write(
        builder: PageBuilder, provision: ProvisionFile?, templates: PageTemplates, into output: AtomicOutputDirectory
    ) throws -> Result {
        var result = Result()
        let figures = builder.pupilFigures
        guard !figures.planURNs.isEmpty || provision != nil else { return result }

        let folder = try output.makeSubdirectory(ProgressOutputs.restrictedFolder)
        try setPermissions(folderPermissions, of: folder, what: "the restricted folder")

        for urn in figures.planURNs {
            let page = builder.progressPlanPage(urn: urn, records: figures.listByURN[urn] ?? [])
            let path = PupilFigures.planPath(urn: urn)
            let url = output.url(for: path)
            // Created owner-only before any byte is written, so the names are never readable by others.
            guard FileManager.default.createFile(
                atPath: url.path, contents: nil, attributes: [.posixPermissions: filePermissions])
            else {
                throw GapsError.io(path: url.path, message: "cannot create restricted page")
            }
            try RenderStage.write(try templates.render(page.view, template: "document"), to: url)
            try setPermissions(filePermissions, of: url, what: "a restricted page")
            result.outputs.append(ManifestOutput(file: path, rows: page.tableRows, restricted: true))
            result.pages += 1
        }

        if let provision {
            let url = output.url(for: ProvisionFile.rejectsPath)
            let writer = try CSVWriter(url: url, header: RejectRecord.columns, restricted: true, neutraliseFormulas: true)
            for reject in provision.rejects { try writer.write(reject.fieldValues) }
            var entry = try writer.close()
            entry.file = ProvisionFile.rejectsPath
            result.outputs.append(entry)
            var input = try ManifestInput.describing(path: provision.url.path)
            input.counts[ProvisionFile.recordKind] = provision.counts(listedUPNs: figures.listedUPNs)
            result.inputs.append(input)
        }
        return result
    }

    private static func setPermissions(_ permissions: Int, of url: URL, what: String) throws {
        do {
            try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: url.path)
        } catch {
            throw GapsError.io(path: url.path, message: "cannot make \(what) owner-only: \(error.localizedDescription)")
        }
    }
}

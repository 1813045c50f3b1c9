import Foundation

/// The restricted pupil progress-plan list (`restricted/<urn>-progress-plan.html`): every pupil of the school on
/// the aggregate stage's restricted list (not progressing, or otherwise entitled to extra support), by name, with
/// the evidence and the intervention the provision file records.
///
/// It names pupils, so it is written 0600 inside a 0700 folder, marked `restricted` in the manifest, says
/// RESTRICTED above everything on screen and in the header of every printed page, and no public page links to it
/// (the evidence pack only says that the school can have it). Names and every other value are escaped by the
/// templates like any data text.
extension PageBuilder {
    static let restrictedLabel = "RESTRICTED"

    func progressPlanPage(urn: String, records: [SupportListRecord]) -> (view: DocumentView, tableRows: Int) {
        let state = PageState(thresholds: parameters)
        let identity = schools.first { $0.urn == urn }
        let schoolName = identity?.name ?? records.last?.schoolName ?? "School \(urn)"
        let interventions = pupilFigures.interventions

        let byPeriod = Dictionary(grouping: records, by: \.timePeriod)
        var sections: [SectionView] = []
        for period in byPeriod.keys.sorted(by: >) {
            let rows = byPeriod[period] ?? []
            // One entry per pupil, in the list's order (surname, forename).
            var order: [String] = []
            var byUPN: [String: [SupportListRecord]] = [:]
            for row in rows {
                if byUPN[row.upn] == nil { order.append(row.upn) }
                byUPN[row.upn, default: []].append(row)
            }
            let pupils = order.map { upn -> PlanPupilView in
                let evidence = byUPN[upn] ?? []
                let first = evidence[0]
                let fullName = [first.forename, first.surname].filter { !$0.isEmpty }.joined(separator: " ")
                var facts = ["UPN \(upn)"]
                let group = [first.disadvantage, first.sex].filter { !$0.isEmpty && $0 != "Unknown" }
                facts.append("Group: " + (group.isEmpty ? "not recorded" : group.joined(separator: ", ")))
                switch interventions.map({ $0[upn] ?? [] }) {
                case nil: facts.append("Intervention: no provision file given")
                case let .some(list) where list.isEmpty: facts.append("Intervention: none recorded in the provision file")
                case let .some(list): facts.append("Intervention: " + list.joined(separator: "; "))
                }
                return PlanPupilView(
                    pupilID: "pupil-\(period)-\(upn)",
                    pupilHeading: [first.surname, first.forename].filter { !$0.isEmpty }.joined(separator: ", "),
                    pupilFacts: facts,
                    evidenceCaption: "Evidence for \(fullName.isEmpty ? upn : fullName), \(periodLabel(period))",
                    evidenceRows: evidence.map { row in
                        state.tableRows += 1
                        return PlanEvidenceRowView(
                            entitlementText: phrases.entitlementShort(row.entitlement), subjectText: row.subject,
                            evidenceText: row.evidence, priorText: row.priorResult,
                            laterText: row.laterResult.isEmpty ? "\u{2013}" : row.laterResult,
                            scoreText: row.progressScore.isEmpty ? "\u{2013}" : row.progressScore)
                    })
            }
            sections.append(SectionView(
                sectionID: "pupils-\(period)", sectionHeading: "Pupils in \(periodLabel(period)) (\(pupils.count))",
                bodyTemplate: "section-progress-plan",
                body: ProgressPlanSectionBody(
                    planIntro: "\(pupils.count) pupil\(pupils.count == 1 ? "" : "s") at the end of a key stage in "
                        + "\(periodLabel(period)), by surname. Each row is one entitlement in one subject, with the "
                        + "results it rests on.",
                    planPupils: pupils)))
        }
        sections.append(SectionView(
            sectionID: "about", sectionHeading: "About this list", bodyTemplate: "section-about",
            body: AboutSectionBody(aboutPoints: [
                "This list names pupils. Keep it to staff who plan their support; do not e-mail, print for display "
                    + "or publish it. The evidence pack gives the same figures as counts.",
                "A pupil is on the list when they are entitled to extra support under the 2020 Vision: (a) below "
                    + "the expected standard at KS1 in reading, writing or maths; (b) not progressing from KS1 to "
                    + "KS2 in English or maths (stuck below, fell behind, a progress score below \u{2212}5, or before "
                    + "2016 less than one level of progress); (c) not progressing from KS2 to KS4.",
                "Progress scores compare a pupil's KS2 scaled score (or KS4 grade) with pupils across the local "
                    + "authority who had similar earlier results; 0 is average for them.",
                "Interventions come from the provision file given to the report, matched by UPN. A pupil without "
                    + "one may still be supported: the file may be incomplete.",
            ])))

        let laName = identity?.laName ?? ""
        let view = DocumentView(
            pageTitle: "RESTRICTED: \(schoolName): pupil progress-plan list",
            documentClass: "restricted",
            heading: "\(schoolName): pupil progress-plan list",
            backLink: nil,
            details: ["URN \(urn)"] + (laName.isEmpty ? [] : ["Local authority: \(laName)"]),
            hasDetails: true,
            ledeText: "Pupils not progressing or entitled to extra support, with the evidence for each, for planning "
                + "their support.",
            relatedLinks: [], hasRelatedLinks: false,
            printHeader: PrintHeaderView(left: "\(schoolName): pupil progress-plan list", right: printDateText),
            sections: sections,
            hasContents: true,
            symbolNotes: state.symbolNotes, hasSymbolNotes: !state.symbolNotes.isEmpty,
            footer: footer(periods: byPeriod.keys.sorted()),
            restrictedNotice: RestrictedNoticeView(
                label: Self.restrictedLabel,
                text: "Pupil-level data about named children. For the school's staff only: not for publication, "
                    + "sharing or display.",
                printText: "\(Self.restrictedLabel): pupil-level data, not for publication"))
        return (view, state.tableRows)
    }
}

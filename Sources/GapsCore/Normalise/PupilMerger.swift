import Foundation

/// One valid pupil row with its place in the precedence order.
struct RankedPupilRow {
    var key: SourceKey
    var rank: Int
    var order: Int
    var row: IngestedPupil

    /// Precedence: source rank, then input, then row order within the file.
    static func precedes(_ a: RankedPupilRow, _ b: RankedPupilRow) -> Bool {
        (a.rank, a.key.input, a.order) < (b.rank, b.key.input, b.order)
    }
}

/// Merges every row that describes one pupil (by UPN) into one `NormalisedPupil`, applying the code sets.
///
/// Merge rules (ours, documented in docs): rows are taken in source precedence (see `SourcePrecedence`) and, per
/// field, the first non-empty value that the code set recognises wins. Values a code set does not know are never
/// guessed: they are listed in `data-quality.csv` and the next source's value is tried; with none left the pupil
/// is "Unknown" (ethnicity, sex, SEN) or "Unclassified" (first language). Exceptions:
/// - FSM periods: the union of the periods of every CTF source.
/// - Looked after: yes if any source says so (it is a history, like FSM: the Pupil Premium counts a pupil looked
///   after for even one day). Previously looked after likewise.
/// Different recognised values for sex, date of birth or ethnicity (main code, or major group when a source only
/// has a major group) are listed in `data-quality.csv` as conflicts.
struct PupilMerger {
    let reference: NormaliseReferenceData
    let options: NormaliseOptions

    /// A value one source gave for a field, recognised by the code set.
    private struct Reading<Value> {
        var value: Value
        var raw: String
        var source: String
    }

    func merge(upn: String, rows: [RankedPupilRow], census: CivilDate?) -> (pupil: NormalisedPupil, issues: [DataQualityIssue]) {
        var issues: [DataQualityIssue] = []
        var pupil = NormalisedPupil()
        pupil.upn = upn
        pupil.sources = Self.distinct(rows.map(\.row.sourceFile)).joined(separator: ";")
        pupil.surname = rows.lazy.map(\.row.surname).first { !$0.isEmpty } ?? ""
        pupil.forename = rows.lazy.map(\.row.forename).first { !$0.isEmpty } ?? ""

        let sameSourceFiles = Dictionary(grouping: rows, by: \.key).filter { $0.value.count > 1 }.keys
        for key in sameSourceFiles.sorted(by: { ($0.input, $0.file) < ($1.input, $1.file) }) {
            issues.append(DataQualityIssue(upn: upn, field: "upn", value: upn,
                                           issue: "the UPN is on more than one row of the same source; the first row was used",
                                           sources: key.file, category: .duplicateRow))
        }

        if UPN.isTemporary(upn) {
            issues.append(DataQualityIssue(
                upn: upn, field: "upn", value: upn,
                issue: "temporary UPN (ends in a letter): the school should replace it with the pupil's permanent UPN and record this one as FormerUPN",
                sources: Self.distinct(rows.map(\.row.sourceFile)).joined(separator: ";"), category: .temporaryUPN))
        }

        // Sex.
        let sexes = read(rows, upn: upn, field: "sex", raw: \.sex, map: SexCode.label, unknownText: { "unknown sex code '\($0)' (expected M or F)" },
                         fallback: SexCode.unknown, issues: &issues)
        pupil.sex = sexes.first?.value ?? SexCode.unknown
        conflicts(upn: upn, field: "sex", sexes, differ: { $0.value != $1.value }, issues: &issues)

        // Date of birth: not published, but a disagreement suggests two children share a UPN.
        let births = rows.filter { !$0.row.dob.isEmpty }.map { Reading(value: $0.row.dob, raw: $0.row.dob, source: $0.row.sourceFile) }
        conflicts(upn: upn, field: "dob", births, differ: { $0.value != $1.value }, issues: &issues)

        // Ethnicity.
        let chinese = options.chineseAsOwnGroup
        let ethnicities = read(rows, upn: upn, field: "ethnicity", raw: \.ethnicity,
                               map: { reference.ethnicity.ethnicity(for: $0, chineseAsOwnGroup: chinese) },
                               unknownText: { "unknown ethnicity code '\($0)' (not in codes/ethnicity.csv), never guessed" },
                               fallback: Ethnicity.unknown.majorGroup, issues: &issues)
        let ethnicity = ethnicities.first?.value ?? .unknown
        pupil.ethnicityMain = ethnicity.mainCode
        pupil.ethnicityMajor = ethnicity.majorGroup
        pupil.ethnicityMinor = ethnicity.minorGroup
        let classified = ethnicities.filter { $0.value.majorGroup != Ethnicity.unknown.majorGroup }
        conflicts(upn: upn, field: "ethnicity", classified, differ: { a, b in
            a.value.majorGroup != b.value.majorGroup
                || (!a.value.mainCode.isEmpty && !b.value.mainCode.isEmpty && a.value.mainCode != b.value.mainCode)
        }, issues: &issues)

        // SEN provision: a blank is the table's blank row ("No SEN").
        let sen = read(rows, upn: upn, field: "sen_provision", raw: \.senProvision, map: reference.senProvision.provision(for:),
                       unknownText: { "unknown SEN provision code '\($0)' (not in codes/sen-provision.csv)" },
                       fallback: "Unknown", issues: &issues)
        let anySENCode = rows.contains { !$0.row.senProvision.isEmpty }
        pupil.senProvision = sen.first?.value ?? (anySENCode ? "Unknown" : reference.senProvision.provision(for: "") ?? "Unknown")
        pupil.senPrimaryNeed = primaryNeed(upn: upn, rows: rows, provision: pupil.senProvision, issues: &issues)

        // First language.
        let unclassified = reference.firstLanguage.category(for: "") ?? "Unclassified"
        let languages = read(rows, upn: upn, field: "first_language", raw: \.firstLanguage, map: reference.firstLanguage.category(for:),
                             unknownText: { "unknown first-language code '\($0)' (not in codes/first-language.csv and not a language code)" },
                             fallback: unclassified, issues: &issues)
        pupil.firstLanguage = languages.first?.value ?? unclassified

        // Looked after: any source saying yes.
        let lookedAfter = read(rows, upn: upn, field: "looked_after", raw: \.lookedAfter, map: SourceFlag.value,
                               unknownText: { "looked-after flag '\($0)' is not yes/no (1/0, Y/N, true/false)" },
                               fallback: "not looked after", issues: &issues)
        pupil.lookedAfter = lookedAfter.contains { $0.value }

        // Free school meals.
        let fsm = freeSchoolMeals(upn: upn, rows: rows, census: census, issues: &issues)
        pupil.fsmEligible = fsm.eligible
        pupil.fsmEver6 = fsm.ever6

        // Previously looked after (adoption, SGO, RO, CAO): any source saying so, like looked after, since parents
        // may declare it to one school and not another.
        let arrangements = read(rows, upn: upn, field: "post_looked_after", raw: \.postLookedAfter,
                                map: reference.postLookedAfter.isPreviouslyLookedAfter,
                                unknownText: { "unknown post-looked-after arrangement code '\($0)' (not in \(PostLookedAfterCodeSet.resourcePath)), never guessed" },
                                fallback: "not previously looked after", issues: &issues)
        pupil.previouslyLookedAfter = arrangements.contains { $0.value }

        // A file that states the DfE's own disadvantaged flag (the KS4 pupil file) is believed when it says yes: it
        // counts previously looked-after pupils that the file shows no other way.
        let stated = read(rows, upn: upn, field: "stated_disadvantaged", raw: \.statedDisadvantaged, map: SourceFlag.value,
                          unknownText: { "disadvantaged flag '\($0)' is not yes/no (1/0, Y/N, true/false)" },
                          fallback: "disadvantaged only if FSM or care records say so", issues: &issues)
        pupil.disadvantaged = pupil.fsmEver6 || pupil.lookedAfter || pupil.previouslyLookedAfter || stated.contains { $0.value }
        return (pupil, issues)
    }

    /// The primary SEN need: the first code `codes/sen-need-types.csv` recognises, in precedence order; unknown codes
    /// are listed, never guessed. A need only describes a pupil with SEN provision (DfE collects it for SEN support
    /// and EHC plans): with "No SEN" a recorded need (typically left over from an ended SEN record) is not carried,
    /// and the inconsistency is listed.
    private func primaryNeed(upn: String, rows: [RankedPupilRow], provision: String, issues: inout [DataQualityIssue]) -> String {
        let needs = read(rows, upn: upn, field: "sen_primary_need", raw: \.senPrimaryNeed, map: reference.senNeedTypes.code(for:),
                         unknownText: { "unknown SEN need type '\($0)' (not in codes/sen-need-types.csv), never guessed" },
                         fallback: "having no primary need recorded", issues: &issues)
        guard let need = needs.first else { return "" }
        if provision == reference.senProvision.provision(for: "N") {
            issues.append(DataQualityIssue(
                upn: upn, field: "sen_primary_need", value: need.raw,
                issue: "a primary need is recorded but the SEN provision is \(provision); the need was not carried",
                sources: need.source, category: .inconsistent))
            return ""
        }
        return need.value
    }

    /// FSM on the census date from CTF periods (union over every CTF source), else the extracts' flags.
    private func freeSchoolMeals(upn: String, rows: [RankedPupilRow], census: CivilDate?,
                                 issues: inout [DataQualityIssue]) -> (eligible: Bool, ever6: Bool) {
        var periods: [FSMPeriod] = []
        var periodSources: [String] = []
        for row in rows where row.row.sourceKind == .ctf && !row.row.fsmPeriods.isEmpty {
            let parsed = FSMPeriod.parseList(row.row.fsmPeriods)
            for problem in parsed.problems {
                issues.append(DataQualityIssue(upn: upn, field: "fsm_periods", value: row.row.fsmPeriods,
                                               issue: problem + "; that period was left out", sources: row.row.sourceFile,
                                               category: .freeSchoolMeals))
            }
            for period in parsed.periods where !periods.contains(period) { periods.append(period) }
            if !parsed.periods.isEmpty { periodSources.append(row.row.sourceFile) }
        }

        let eligibleFlags = read(rows, upn: upn, field: "fsm_eligible", raw: \.fsmEligible, map: SourceFlag.value,
                                 unknownText: { "FSM flag '\($0)' is not yes/no (1/0, Y/N, true/false)" },
                                 fallback: "not known to be FSM eligible", issues: &issues)
        let ever6Flags = read(rows, upn: upn, field: "fsm_ever6", raw: \.fsmEver6, map: SourceFlag.value,
                              unknownText: { "FSM6 flag '\($0)' is not yes/no (1/0, Y/N, true/false)" },
                              fallback: "not known to be FSM Ever 6", issues: &issues)
        let flagEligible = eligibleFlags.first?.value ?? false
        let flagEver6 = ever6Flags.first?.value ?? false

        guard !periods.isEmpty else { return (flagEligible, flagEver6) }
        guard let census else {
            issues.append(DataQualityIssue(
                upn: upn, field: "fsm_periods", value: rows.map(\.row.fsmPeriods).filter { !$0.isEmpty }.joined(separator: ";"),
                issue: "no census date: the pupil has no dated result and no academic year; FSM taken from extract flags (give --census-date)",
                sources: Self.distinct(periodSources).joined(separator: ";"), category: .freeSchoolMeals))
            return (flagEligible, flagEver6)
        }
        let eligible = FSMStatus.isEligible(on: census, periods: periods)
        let ever6 = FSMStatus.isEver6(on: census, periods: periods)
        // The periods win; say so when an extract's own flag disagrees.
        for (flags, value, name) in [(eligibleFlags, eligible, "fsm_eligible"), (ever6Flags, ever6, "fsm_ever6")] {
            if let flag = flags.first, flag.value != value {
                issues.append(DataQualityIssue(
                    upn: upn, field: name, value: flag.raw,
                    issue: "the extract's flag (\(flag.raw)) disagrees with the CTF FSM periods at the census on \(census) (\(value ? "yes" : "no")); the periods were used",
                    sources: ([flag.source] + Self.distinct(periodSources)).joined(separator: ";"), category: .freeSchoolMeals))
            }
        }
        return (eligible, ever6)
    }

    /// Every recognised non-empty value of a field, in precedence order; unrecognised values become issues.
    private func read<Value>(_ rows: [RankedPupilRow], upn: String, field: String, raw: KeyPath<IngestedPupil, String>,
                             map: (String) -> Value?, unknownText: (String) -> String, fallback: String,
                             issues: inout [DataQualityIssue]) -> [Reading<Value>] {
        var readings: [Reading<Value>] = []
        var unknown: [(raw: String, source: String)] = []
        for row in rows {
            let text = row.row[keyPath: raw].trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            if let value = map(text) {
                readings.append(Reading(value: value, raw: text, source: row.row.sourceFile))
            } else {
                unknown.append((text, row.row.sourceFile))
            }
        }
        for item in unknown {
            let outcome = readings.first.map { "; used '\($0.raw)' from \($0.source)" } ?? "; the pupil is counted as \(fallback)"
            issues.append(DataQualityIssue(upn: upn, field: field, value: item.raw, issue: unknownText(item.raw) + outcome,
                                           sources: item.source, category: .unknownCode))
        }
        return readings
    }

    /// Lists a conflict when any two readings differ; the first (highest-precedence) reading was kept.
    private func conflicts<Value>(upn: String, field: String, _ readings: [Reading<Value>], differ: (Reading<Value>, Reading<Value>) -> Bool,
                                  issues: inout [DataQualityIssue]) {
        guard let kept = readings.first else { return }
        let disagree = readings.indices.contains { i in readings[(i + 1)...].contains { differ(readings[i], $0) } }
        guard disagree else { return }
        issues.append(DataQualityIssue(
            upn: upn, field: field, value: readings.map { "\($0.raw) (\($0.source))" }.joined(separator: "; "),
            issue: "sources disagree; kept '\(kept.raw)' from \(kept.source), the highest-precedence source",
            sources: Self.distinct(readings.map(\.source)).joined(separator: ";"), category: .conflict))
    }

    static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}

import Foundation

/// Links a pupil's former UPNs to the current one, so that rows filed under an old UPN join the right pupil.
///
/// A UPN changes when a temporary UPN is replaced by a permanent one, or when a school corrects a wrong one; the MIS
/// then records the old UPN as `FormerUPN` (CTF `BasicDetails/FormerUPN`, an extract's FORMERUPN). Rule (ours,
/// documented in docs/measures.md): when a valid pupil row with UPN X gives a FormerUPN Y, every row under Y in any
/// source (pupil rows and results) is the same pupil, keyed by X. Links chain (Z -> Y -> X gives X). A link is not
/// made, and the reason is listed in `data-quality.csv`, when:
/// - the FormerUPN fails the UPN check (it could be anyone's);
/// - two different pupils give the same FormerUPN (one old UPN cannot be two children);
/// - the links form a loop (X says Y, Y says X).
struct UPNLinks {
    /// Former UPN -> the current UPN it resolves to, after following chains.
    private(set) var currentByFormer: [String: String] = [:]
    /// Former UPN -> the source files whose rows declared it, in the order seen.
    private(set) var declaredBy: [String: [String]] = [:]
    /// Links that could not be made, filed under the UPN of the row that declared them.
    private(set) var issues: [DataQualityIssue] = []

    /// One pupil row's statement "my former UPN is `formerUPN`" (both canonical; `formerUPN` may be empty).
    struct Declaration {
        var upn: String
        var formerUPN: String
        var source: String
    }

    init(_ declarations: [Declaration]) {
        var claimants: [String: [String]] = [:]   // former -> distinct current UPNs, in the order seen
        var reported: Set<[String]> = []
        for declaration in declarations where !declaration.formerUPN.isEmpty && declaration.formerUPN != declaration.upn {
            let former = declaration.formerUPN
            if let problem = UPN.problem(with: former) {
                if reported.insert([declaration.upn, former]).inserted {
                    issues.append(DataQualityIssue(
                        upn: declaration.upn, field: "former_upn", value: former,
                        issue: "FormerUPN fails the UPN check (\(problem)); not used to link rows", sources: declaration.source,
                        category: .formerUPN))
                }
                continue
            }
            if !(claimants[former] ?? []).contains(declaration.upn) { claimants[former, default: []].append(declaration.upn) }
            if !(declaredBy[former] ?? []).contains(declaration.source) { declaredBy[former, default: []].append(declaration.source) }
        }

        var direct: [String: String] = [:]
        for (former, currents) in claimants {
            if currents.count == 1 {
                direct[former] = currents[0]
                continue
            }
            for current in currents {
                issues.append(DataQualityIssue(
                    upn: current, field: "former_upn", value: former,
                    issue: "FormerUPN \(former) is given by \(currents.count) pupils (\(currents.joined(separator: ", "))); one old UPN cannot be two children, so no rows were linked by it",
                    sources: (declaredBy[former] ?? []).joined(separator: ";"), category: .formerUPN))
            }
        }

        for former in direct.keys.sorted() {
            if let current = Self.follow(former, direct) {
                currentByFormer[former] = current
            } else {
                issues.append(DataQualityIssue(
                    upn: direct[former]!, field: "former_upn", value: former,
                    issue: "FormerUPN links form a loop through \(former); no rows were linked by it",
                    sources: (declaredBy[former] ?? []).joined(separator: ";"), category: .formerUPN))
            }
        }
        // A refused link's issue belongs to the pupil its UPN ends up as.
        issues = issues.map { issue in
            var issue = issue
            issue.upn = resolve(issue.upn)
            return issue
        }
    }

    /// The current UPN for `upn` (itself when no pupil gives it as a former UPN).
    func resolve(_ upn: String) -> String { currentByFormer[upn] ?? upn }

    /// The end of the chain starting at `former`, or `nil` on a loop.
    private static func follow(_ former: String, _ direct: [String: String]) -> String? {
        var visited: Set<String> = [former]
        var current = direct[former]!
        while let next = direct[current] {
            guard visited.insert(current).inserted, current != former else { return nil }
            current = next
        }
        return current == former ? nil : current
    }
}

import CandorCore

/// A policy in plain language, generated from the policy itself, in the reader's language (`--lang`;
/// `policy` should be the policy in that language, `Policy.localized`).
struct PolicyText {
    let policy: Policy
    var language: Language = .en

    private func say(_ words: Words) -> String { words.text(in: language) }

    var text: String {
        var lines = [
            say("\(policy.title) — policy \(policy.id), version \(policy.version)"), "sha256 \(policy.sha256)", "",
        ]
        lines.append(
            say(
                "Everyone starts at \(policy.score.base) points; scores stay between \(policy.score.min) and "
                    + "\(policy.score.max)."))
        lines.append(say(PolicyWords.disputes(policy)))
        if let repair = PolicyWords.repair(policy) { lines.append(say(repair)) }
        lines.append("")
        lines.append(say("Tiers (they grant privileges and never restrict anything):"))
        for tier in policy.tiers { lines.append("  " + say("\(padded(tier.title, 12)) from \(tier.min) points")) }
        lines.append("")
        lines.append(say("Record kinds:"))
        for kind in policy.kinds {
            let agencies = policy.agencies.filter { $0.kinds.contains(kind.id) }.map(\.id).joined(separator: ", ")
            lines.append("  \(kind.id) — \(kind.title)")
            lines.append(
                "    "
                    + say(
                        "\(RatingEngine.rule(for: kind, in: language)); \(kind.domain.rawValue), about "
                            + "\(kind.subjects.map(\.rawValue).joined(separator: " and ")); submitted by \(agencies)"))
            if !kind.legalBasis.isEmpty {
                lines.append("    " + language.say("Legal basis: {{legalBasis}}", ["legalBasis": kind.legalBasis]))
            }
            if let repair = PolicyWords.repair(kind).map(say) {
                lines.append("    " + (language == .en ? repair.prefix(1).uppercased() + repair.dropFirst() : repair))
            }
        }
        lines.append("")
        lines.append(say("Lists (the only source of restrictions):"))
        for list in policy.lists {
            lines.append("  \(list.id) — \(list.title)")
            lines.append(
                "    " + say("From records of: \(list.kinds.joined(separator: ", ")); at most \(list.maxDays) days"))
            if let notice = PolicyWords.notice(list) { lines.append("    " + say(notice)) }
            lines.append("    " + say(PolicyWords.minors))
            if let permits = PolicyWords.permits(list, in: policy) { lines.append("    " + say(permits)) }
            if let officers = PolicyWords.bindsOfficers(list, in: policy) { lines.append("    " + say(officers)) }
            lines.append("    " + language.say("Legal basis: {{legalBasis}}", ["legalBasis": list.legalBasis]))
            lines.append("    " + say("Restricts: \(list.restricts.joined(separator: ", "))"))
            for action in list.restricts {
                let measure = list.measure(for: action) ?? ""
                lines.append("      \(action): " + language.say("Legal basis: {{legalBasis}}", ["legalBasis": measure]))
            }
            if !list.remedy.isEmpty {
                lines.append("    " + language.say("Remedy: {{remedy}}", ["remedy": list.remedy]))
            }
        }
        lines.append("")
        lines.append(say("Actions (allowed unless a list restricts them):"))
        for action in policy.actions { lines.append("  \(padded(action.id, 22)) \(action.title)") }
        lines.append("")
        lines.append(say("Privileges (need a tier, and no list restricting them):"))
        for privilege in policy.privileges {
            let tier = policy.tier(privilege.minTier)?.title ?? privilege.minTier
            lines.append("  \(padded(privilege.id, 22)) " + say("\(privilege.title) — tier \(tier) or above"))
        }
        return lines.joined(separator: "\n")
    }
}

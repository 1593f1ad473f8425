import CandorCore

/// A policy in plain language, generated from the policy itself.
struct PolicyText {
    let policy: Policy

    var text: String {
        var lines = [
            "\(policy.title) — policy \(policy.id), version \(policy.version)",
            "sha256 \(policy.sha256)", "",
        ]
        lines.append(
            "Everyone starts at \(policy.score.base) points; scores stay between \(policy.score.min) and "
                + "\(policy.score.max).")
        lines.append(PolicyWords.disputes(policy).description)
        if let repair = PolicyWords.repair(policy) { lines.append(repair.description) }
        lines.append("")
        lines.append("Tiers (they grant privileges and never restrict anything):")
        for tier in policy.tiers { lines.append("  \(padded(tier.title, 12)) from \(tier.min) points") }
        lines.append("")
        lines.append("Record kinds:")
        for kind in policy.kinds {
            let agencies = policy.agencies.filter { $0.kinds.contains(kind.id) }.map(\.id).joined(separator: ", ")
            lines.append("  \(kind.id) — \(kind.title)")
            lines.append(
                "    \(RatingEngine.rule(for: kind)); \(kind.domain.rawValue), about "
                    + "\(kind.subjects.map(\.rawValue).joined(separator: " and ")); submitted by \(agencies)")
            if let repair = PolicyWords.repair(kind)?.description {
                lines.append("    \(repair.prefix(1).uppercased() + repair.dropFirst())")
            }
        }
        lines.append("")
        lines.append("Lists (the only source of restrictions):")
        for list in policy.lists {
            lines.append("  \(list.id) — \(list.title)")
            lines.append("    From records of: \(list.kinds.joined(separator: ", ")); at most \(list.maxDays) days")
            if let notice = PolicyWords.notice(list) { lines.append("    \(notice)") }
            lines.append("    \(PolicyWords.minors)")
            if let permits = PolicyWords.permits(list, in: policy) { lines.append("    \(permits)") }
            if let officers = PolicyWords.bindsOfficers(list, in: policy) { lines.append("    \(officers)") }
            lines.append("    Restricts: \(list.restricts.joined(separator: ", "))")
            lines.append("    Legal basis: \(list.legalBasis)")
            if !list.remedy.isEmpty { lines.append("    Remedy: \(list.remedy)") }
        }
        lines.append("")
        lines.append("Actions (allowed unless a list restricts them):")
        for action in policy.actions { lines.append("  \(padded(action.id, 22)) \(action.title)") }
        lines.append("")
        lines.append("Privileges (need a tier, and no list restricting them):")
        for privilege in policy.privileges {
            let tier = policy.tier(privilege.minTier)?.title ?? privilege.minTier
            lines.append("  \(padded(privilege.id, 22)) \(privilege.title) — tier \(tier) or above")
        }
        return lines.joined(separator: "\n")
    }
}

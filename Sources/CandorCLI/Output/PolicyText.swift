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
                + "\(policy.score.max). Agencies answer disputes within \(policy.disputeResponseDays) days (the last "
                + "day included), or the disputed record stops counting until they do.")
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
        }
        lines.append("")
        lines.append("Lists (the only source of restrictions):")
        for list in policy.lists {
            lines.append("  \(list.id) — \(list.title)")
            lines.append("    From records of: \(list.kinds.joined(separator: ", ")); at most \(list.maxDays) days")
            if list.noticeDays > 0 {
                lines.append(
                    "    Notice first: a listing starts \(list.noticeDays) days after the record, if it is still "
                        + "unresolved then; the person is told, counters are not")
            }
            lines.append("    Never lists a person for what happened before their 18th birthday")
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

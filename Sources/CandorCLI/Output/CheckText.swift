import CandorCore

/// A check decision as a counter clerk reads it.
struct CheckText {
    let decision: CheckDecision

    var text: String {
        var lines = [
            "\(decision.allowed ? "ALLOWED" : "DENIED")  \(decision.actionTitle) (\(decision.action))",
            "  for \(decision.subject), as of \(decision.asOf)",
        ]
        for reason in decision.reasons {
            switch reason {
            case let .listed(list, since, until):
                lines.append("  On the list \"\(list.title)\" since \(since), until \(until) at the latest")
                lines.append("    Legal basis: \(list.legalBasis)")
                if !list.remedy.isEmpty { lines.append("    Remedy: \(list.remedy)") }
            case let .tier(required, held, met):
                lines.append(
                    "  Needs tier \(required.title) or above; the subject's tier is \(held.title)"
                        + (met ? "." : ", below it."))
            }
        }
        if decision.allowed && decision.reasons.isEmpty { lines.append("  No list the subject is on restricts this.") }
        return lines.joined(separator: "\n")
    }
}

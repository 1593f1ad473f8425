import CandorCore

/// A check decision as a counter clerk reads it, written from the same explanation the API and the
/// counter page show.
struct CheckText {
    let document: CheckDocument

    var text: String {
        var lines = [
            "\(document.allowed ? "ALLOWED" : "DENIED")  \(document.actionTitle) (\(document.action))",
            "  for \(document.subject), as of \(document.asOf)",
        ]
        for reason in document.reasons {
            lines.append("  " + reason.heading)
            if let legalBasis = reason.legalBasis { lines.append("    Legal basis: \(legalBasis)") }
            if let remedy = reason.remedy, !remedy.isEmpty { lines.append("    Remedy: \(remedy)") }
        }
        if document.allowed && document.reasons.isEmpty { lines.append("  No list the subject is on restricts this.") }
        return lines.joined(separator: "\n")
    }
}

import CandorCore

/// A check decision as a counter clerk reads it, written from the same explanation the API and the
/// counter page show, in the clerk's language.
struct CheckText {
    let document: CheckDocument
    var language: Language = .en

    private func say(_ words: Words) -> String { words.text(in: language) }

    var text: String {
        var lines = [
            "\(say(document.allowed ? "ALLOWED" : "DENIED"))  \(document.actionTitle) (\(document.action))",
            "  " + say("for \(document.subject), as of \(document.asOf)"),
        ]
        for reason in document.reasons {
            lines.append("  " + reason.heading(in: language))
            if let legalBasis = reason.legalBasis {
                lines.append("    " + language.say("Legal basis: {{legalBasis}}", ["legalBasis": legalBasis]))
            }
            if let measure = reason.measure {
                lines.append("    " + language.say("Restriction's legal basis: {{measure}}", ["measure": measure]))
            }
            if let remedy = reason.remedy, !remedy.isEmpty {
                lines.append("    " + language.say("Remedy: {{remedy}}", ["remedy": remedy]))
            }
        }
        if document.allowed && document.reasons.isEmpty {
            lines.append("  " + say("No list the subject is on restricts this."))
        }
        return lines.joined(separator: "\n")
    }
}

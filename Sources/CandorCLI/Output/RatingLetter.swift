import CandorCore

/// A rating in words, read like a short letter: the score and tier, the lists, then why — written from the
/// same explanation the API and the citizen app show, in the reader's language (`--lang`).
struct RatingLetter {
    let explanation: RatingExplanation
    var language: Language = .en

    private func say(_ words: Words) -> String { words.text(in: language) }
    private func joined(_ titles: [String]) -> String { titles.joined(separator: say("; ")) }

    var text: String {
        let rating = explanation
        var lines: [String] = []
        let who = rating.name.map { "\($0), " } ?? ""
        lines.append(say("Rating of \(who + rating.subject) (\(say(Words(rating.subjectType)))), as of \(rating.asOf)"))
        lines.append(
            say(
                "Policy \(rating.policy.id) \(rating.policy.version), sha256 \(String(rating.policy.sha256.prefix(16)))…"
            ))
        lines.append("")
        lines.append(
            say(
                "Score \(rating.score) (scores run from \(rating.range.min) to \(rating.range.max); everyone starts at "
                    + "\(rating.base)). Tier: \(rating.tier.title)."))
        lines.append("")
        lines += listLines()
        lines += scoreLines()
        return lines.joined(separator: "\n")
    }

    private func listLines() -> [String] {
        var notices: [String] = []
        for notice in explanation.notices {
            let record = explanation.contribution(of: notice.record)
            let which = record.map { say("\($0.agency) record \($0.reference)") } ?? say("record \(notice.record)")
            notices.append(
                say(
                    "Notice: \(which) will put you on \(notice.title) on \(notice.starts) unless it is resolved before then."
                )
                    + " \(notice.remedy)")
        }
        var bound: [String] = []
        for binding in explanation.bindings {
            let organisation =
                binding.organisationName.map { "\($0) (\(binding.organisation))" } ?? binding.organisation
            bound.append(say("As \(say(Words(binding.role))) of \(organisation), on the list \(binding.title):"))
            bound.append(
                "    "
                    + say(
                        "Denied to you: \(joined(binding.denies.map(\.title))) — until \(binding.until) at the latest"))
            bound.append(
                "    "
                    + say(
                        "Ends when the organisation resolves its listing (\(binding.remedy)), or when "
                            + "\(binding.agencyTitle) records the end of your role (\(binding.reference)). You are on "
                            + "no list; your score is your own."))
        }
        let lists = explanation.lists
        guard !lists.isEmpty else {
            return [
                bound.isEmpty
                    ? say("You are on no list: no action is restricted.")
                    : say("You are on no list: no action is restricted by a list of your own.")
            ] + bound + notices + [""]
        }
        var lines = [lists.count == 1 ? say("You are on 1 list:") : say("You are on \(lists.count) lists:")]
        for list in lists {
            lines.append("  • " + say("\(list.title) — since \(list.since), until \(list.until) at the latest"))
            lines.append("    " + language.say("Legal basis: {{legalBasis}}", ["legalBasis": list.legalBasis]))
            lines.append("    " + say("Restricts: \(joined(list.restricts.map(\.title)))"))
            for action in list.restricts {
                if let measure = action.measure {
                    lines.append(
                        "      \(action.title): " + language.say("Legal basis: {{legalBasis}}", ["legalBasis": measure])
                    )
                }
            }
            if !list.remedy.isEmpty {
                lines.append("    " + language.say("Remedy: {{remedy}}", ["remedy": list.remedy]))
            }
            if let since = list.disputedSince {
                lines.append("    " + say("You have disputed it since \(since); the answer is awaited"))
            }
            for permit in explanation.permits where permit.list == list.id {
                let action =
                    language == .en
                    ? permit.actionTitle.prefix(1).lowercased() + permit.actionTitle.dropFirst() : permit.actionTitle
                lines.append("    " + say("Permit \(permit.id) lets you \(action) from \(permit.from) to \(permit.to)"))
            }
            for record in list.records.compactMap(explanation.contribution(of:)) {
                lines.append(
                    "    "
                        + say(
                            "Because of: \(record.agency) record \(record.reference) (\(record.kind), \(record.occurred))"
                        ))
            }
        }
        return lines + bound + notices + [""]
    }

    private func scoreLines() -> [String] {
        let counts = { (status: Contribution.Status) in status == .counting || status == .fulfilled }
        let counting = explanation.contributions.filter { counts($0.status) }
        let others = explanation.contributions.filter { !counts($0.status) }
        var lines: [String] = []
        if counting.isEmpty {
            lines.append(say("No record counts toward your score today, so it is the base score, \(explanation.base)."))
        } else {
            lines.append(say("How your score is made:"))
            lines.append("  \(leftPadded(String(explanation.base), 9))  " + say("base score"))
            for item in counting {
                lines.append(
                    "  \(leftPadded(formatPoints(item.points), 9))  \(item.kindTitle) — \(item.agency) "
                        + "\(item.reference), " + language.date(item.occurred))
                var detail = "             \(item.kind): \(item.rule)"
                if item.status == .fulfilled, let fulfilled = item.fulfilled {
                    detail += say("; fulfilled \(fulfilled)")
                }
                if let ends = item.effectEnds { detail += say("; effect ends \(ends)") }
                lines.append(detail)
                if let legalBasis = item.kindLegalBasis {
                    lines.append(
                        "             " + language.say("Legal basis: {{legalBasis}}", ["legalBasis": legalBasis]))
                }
                if let statement = item.statement { lines.append("             " + say("Statement: \(statement)")) }
            }
            for total in explanation.kindTotals where total.capped {
                lines.append(
                    "  \(leftPadded(formatPoints(total.total - total.sum), 9))  "
                        + say(
                            "cap on \(total.kind): its records add \(formatPoints(total.sum)), bounded to "
                                + "\(formatPoints(total.total))"))
            }
            let bounds = "\(explanation.range.min)–\(explanation.range.max)"
            lines.append("  \(leftPadded(String(explanation.score), 9))  " + say("score (rounded, within \(bounds))"))
        }
        if !others.isEmpty {
            lines.append("")
            lines.append(say("Records that do not count today:"))
            for item in others {
                lines.append(
                    "  \(item.kind) — \(item.agency) \(item.reference), " + language.date(item.occurred)
                        + ": \(reason(item))")
                if let statement = item.statement { lines.append("    " + say("Statement: \(statement)")) }
            }
        }
        return lines
    }

    private func reason(_ item: RatingExplanation.ContributionView) -> String {
        switch item.status {
        case .expired: item.effectEnds.map { say("its effect ended \($0)") } ?? say("its effect ended")
        case .retracted:
            item.retracted.map { say("retracted by the agency on \($0)") } ?? say("retracted by the agency")
        case .suspended: say("suspended: disputed and not answered by the deadline")
        case .repaired: say("repaired after it was fulfilled")
        case .pending: say("dated after \(explanation.asOf)")
        case .unknownKind: say("the policy in force has no such kind")
        case .counting, .fulfilled: say("counts")
        }
    }
}

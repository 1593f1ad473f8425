import CandorCore

/// A rating in words, read like a short letter: the score and tier, the lists, then why — written from the
/// same explanation the API and the citizen app show.
struct RatingLetter {
    let explanation: RatingExplanation

    var text: String {
        let rating = explanation
        var lines: [String] = []
        let who = rating.name.map { "\($0), " } ?? ""
        lines.append("Rating of \(who)\(rating.subject) (\(rating.subjectType)), as of \(rating.asOf)")
        lines.append("Policy \(rating.policy.id) \(rating.policy.version), sha256 \(rating.policy.sha256.prefix(16))…")
        lines.append("")
        lines.append(
            "Score \(rating.score) (scores run from \(rating.range.min) to \(rating.range.max); "
                + "everyone starts at \(rating.base)). Tier: \(rating.tier.title).")
        lines.append("")
        lines += listLines()
        lines += scoreLines()
        return lines.joined(separator: "\n")
    }

    private func listLines() -> [String] {
        var notices: [String] = []
        for notice in explanation.notices {
            let record = explanation.contribution(of: notice.record)
            notices.append(
                "Notice: \(record.map { "\($0.agency) record \($0.reference)" } ?? "record \(notice.record)") will put "
                    + "you on \(notice.title) on \(notice.starts) unless it is resolved before then. \(notice.remedy)")
        }
        var bound: [String] = []
        for binding in explanation.bindings {
            let organisation =
                binding.organisationName.map { "\($0) (\(binding.organisation))" } ?? binding.organisation
            bound.append("As \(binding.role) of \(organisation), on the list \(binding.title):")
            bound.append(
                "    Denied to you: \(binding.denies.map(\.title).joined(separator: "; ")) — until \(binding.until) at the latest"
            )
            bound.append(
                "    Ends when the organisation resolves its listing (\(binding.remedy)), or when \(binding.agencyTitle) "
                    + "records the end of your role (\(binding.reference)). You are on no list; your score is your own."
            )
        }
        let lists = explanation.lists
        guard !lists.isEmpty else {
            return ["You are on no list: no action is restricted" + (bound.isEmpty ? "." : " by a list of your own.")]
                + bound + notices + [""]
        }
        var lines = [lists.count == 1 ? "You are on 1 list:" : "You are on \(lists.count) lists:"]
        for list in lists {
            lines.append("  • \(list.title) — since \(list.since), until \(list.until) at the latest")
            lines.append("    Restricts: \(list.restricts.map(\.title).joined(separator: "; "))")
            lines.append("    Legal basis: \(list.legalBasis)")
            if !list.remedy.isEmpty { lines.append("    Remedy: \(list.remedy)") }
            if let since = list.disputedSince {
                lines.append("    You have disputed it since \(since); the answer is awaited")
            }
            for permit in explanation.permits where permit.list == list.id {
                lines.append(
                    "    Permit \(permit.id) lets you \(permit.actionTitle.prefix(1).lowercased() + permit.actionTitle.dropFirst()) "
                        + "from \(permit.from) to \(permit.to)")
            }
            for record in list.records.compactMap(explanation.contribution(of:)) {
                lines.append(
                    "    Because of: \(record.agency) record \(record.reference) (\(record.kind), \(record.occurred))")
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
            lines.append("No record counts toward your score today, so it is the base score, \(explanation.base).")
        } else {
            lines.append("How your score is made:")
            lines.append("  \(leftPadded(String(explanation.base), 9))  base score")
            for item in counting {
                lines.append(
                    "  \(leftPadded(formatPoints(item.points), 9))  \(item.kindTitle) — \(item.agency) "
                        + "\(item.reference), \(item.occurred)")
                var detail = "             \(item.kind): \(item.rule)"
                if item.status == .fulfilled, let fulfilled = item.fulfilled { detail += "; fulfilled \(fulfilled)" }
                if let ends = item.effectEnds { detail += "; effect ends \(ends)" }
                lines.append(detail)
                if let statement = item.statement { lines.append("             Statement: \(statement)") }
            }
            for total in explanation.kindTotals where total.capped {
                lines.append(
                    "  \(leftPadded(formatPoints(total.total - total.sum), 9))  cap on \(total.kind): "
                        + "its records add \(formatPoints(total.sum)), bounded to \(formatPoints(total.total))")
            }
            let bounds = "\(explanation.range.min)–\(explanation.range.max)"
            lines.append("  \(leftPadded(String(explanation.score), 9))  score (rounded, within \(bounds))")
        }
        if !others.isEmpty {
            lines.append("")
            lines.append("Records that do not count today:")
            for item in others {
                lines.append("  \(item.kind) — \(item.agency) \(item.reference), \(item.occurred): \(reason(item))")
                if let statement = item.statement { lines.append("    Statement: \(statement)") }
            }
        }
        return lines
    }

    private func reason(_ item: RatingExplanation.ContributionView) -> String {
        switch item.status {
        case .expired: "its effect ended \(item.effectEnds.map { "\($0)" } ?? "")"
        case .retracted: "retracted by the agency\(item.retracted.map { " on \($0)" } ?? "")"
        case .suspended: "suspended: disputed and not answered by the deadline"
        case .repaired: "repaired after it was fulfilled"
        case .pending: "dated after \(explanation.asOf)"
        case .unknownKind: "the policy in force has no such kind"
        case .counting, .fulfilled: "counts"
        }
    }
}

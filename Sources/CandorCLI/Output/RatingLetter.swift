import CandorCore

/// A rating in words, read like a short letter: the score and tier, the lists, then why.
struct RatingLetter {
    let rating: Rating
    let name: String?
    let policy: Policy

    var text: String {
        var lines: [String] = []
        let who = name.map { "\($0), " } ?? ""
        lines.append("Rating of \(who)\(rating.subject) (\(rating.subject.type.rawValue)), as of \(rating.asOf)")
        lines.append("Policy \(policy.id) \(policy.version), sha256 \(policy.sha256.prefix(16))…")
        lines.append("")
        lines.append(
            "Score \(rating.score) (scores run from \(policy.score.min) to \(policy.score.max); "
                + "everyone starts at \(rating.base)). Tier: \(rating.tier.title).")
        lines.append("")
        lines += listLines()
        lines += scoreLines()
        return lines.joined(separator: "\n")
    }

    private func listLines() -> [String] {
        guard !rating.listings.isEmpty else {
            return ["You are on no list: no action is restricted.", ""]
        }
        var lines = [rating.listings.count == 1 ? "You are on 1 list:" : "You are on \(rating.listings.count) lists:"]
        for listing in rating.listings {
            let list = listing.list
            let restricted = list.restricts.map { id in
                policy.actions.first { $0.id == id }?.title ?? policy.privileges.first { $0.id == id }?.title ?? id
            }
            lines.append("  • \(list.title) — since \(listing.since), until \(listing.until) at the latest")
            lines.append("    Restricts: \(restricted.joined(separator: "; "))")
            lines.append("    Legal basis: \(list.legalBasis)")
            if !list.remedy.isEmpty { lines.append("    Remedy: \(list.remedy)") }
            for record in listing.records {
                lines.append(
                    "    Because of: \(record.agency) record \(record.reference) (\(record.kind), \(record.occurred))")
            }
        }
        return lines + [""]
    }

    private func scoreLines() -> [String] {
        let counting = rating.contributions.filter { $0.status == .counting || $0.status == .fulfilled }
        let others = rating.contributions.filter { $0.status != .counting && $0.status != .fulfilled }
        var lines: [String] = []
        if counting.isEmpty {
            lines.append("No record counts toward your score today, so it is the base score, \(rating.base).")
        } else {
            lines.append("How your score is made:")
            lines.append("  \(leftPadded(String(rating.base), 9))  base score")
            for contribution in counting {
                let record = contribution.record
                let kindTitle = policy.kind(record.kind)?.title ?? record.kind
                var line = "  \(leftPadded(formatPoints(contribution.points), 9))  \(kindTitle)"
                line += " — \(record.agency) \(record.reference), \(record.occurred)"
                lines.append(line)
                var detail = "             \(record.kind): \(contribution.rule)"
                if contribution.status == .fulfilled, let fulfilled = record.fulfilled {
                    detail += "; fulfilled \(fulfilled)"
                }
                if let ends = contribution.effectEnds { detail += "; effect ends \(ends)" }
                lines.append(detail)
            }
            for total in rating.kindTotals where total.capped {
                lines.append(
                    "  \(leftPadded(formatPoints(total.total - total.sum), 9))  cap on \(total.kind): "
                        + "its records add \(formatPoints(total.sum)), bounded to \(formatPoints(total.total))")
            }
            let bounds = "\(policy.score.min)–\(policy.score.max)"
            lines.append("  \(leftPadded(String(rating.score), 9))  score (rounded, within \(bounds))")
        }
        if !others.isEmpty {
            lines.append("")
            lines.append("Records that do not count today:")
            for contribution in others {
                let record = contribution.record
                lines.append(
                    "  \(record.kind) — \(record.agency) \(record.reference), \(record.occurred): "
                        + explanation(of: contribution))
            }
        }
        return lines
    }

    private func explanation(of contribution: Contribution) -> String {
        let record = contribution.record
        switch contribution.status {
        case .expired: return "its effect ended \(contribution.effectEnds.map { "\($0)" } ?? "")"
        case .retracted: return "retracted by the agency\(record.retracted.map { " on \($0)" } ?? "")"
        case .suspended: return "suspended: disputed and not answered by the deadline"
        case .pending: return "dated after \(rating.asOf)"
        case .unknownKind: return "the policy in force has no such kind"
        case .counting, .fulfilled: return "counts"
        }
    }
}

/// The rules of SPEC §3 "Policy validation" that concern a policy as a whole: references between
/// entries, uniqueness, tiers covering every score, due process for lists, and the protected matters.
enum PolicyRules {
    static func problems(in policy: Policy) -> [PolicyProblem] {
        var problems: [PolicyProblem] = []
        func report(_ entry: String, _ message: String) {
            problems.append(PolicyProblem(entry: entry, message: message))
        }

        let score = policy.score
        if score.min > score.max { report("[score]", "min \(score.min) is above max \(score.max)") }
        if !(score.min...max(score.min, score.max)).contains(score.base) {
            report("[score]", "base \(score.base) is outside [min, max] = [\(score.min), \(score.max)]")
        }
        let periods = [
            ("[disputes]", "appeal_days", policy.dueProcess.appealDays),
            ("[disputes]", "review_days", policy.dueProcess.reviewDays),
            ("[repair]", "response_days", policy.dueProcess.repairResponseDays),
            ("[repair]", "reapply_days", policy.dueProcess.reapplyDays),
        ]
        for (section, key, days) in periods where days <= 0 {
            report(section, "\(key) must be a positive number of days, not \(days)")
        }
        if policy.disputeResponseDays <= 0 {
            report("[disputes]", "response_days must be a positive number of days, not \(policy.disputeResponseDays)")
        }

        duplicates(policy.tiers.map(\.id), section: "tier", report)
        duplicates(policy.agencies.map(\.id), section: "agency", report)
        duplicates(policy.kinds.map(\.id), section: "kind", report)
        duplicates(policy.lists.map(\.id), section: "list", report)
        duplicates(policy.actions.map(\.id) + policy.privileges.map(\.id), section: "action or privilege", report)

        if let lowest = policy.tiers.last {
            if lowest.min > score.min {
                report(
                    "tier '\(lowest.id)'",
                    "the lowest tier starts at \(lowest.min), so scores from \(score.min) "
                        + "to \(lowest.min - 1) would have no tier; set its min to \(score.min) or lower")
            }
        } else {
            report("[[tier]]", "the policy has no tier; every score needs one")
        }
        for (higher, lower) in zip(policy.tiers, policy.tiers.dropFirst()) where higher.min == lower.min {
            report(
                "tier '\(lower.id)'", "has the same min (\(lower.min)) as tier '\(higher.id)'; tiers need distinct mins"
            )
        }

        let kindsByID = Dictionary(policy.kinds.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for agency in policy.agencies {
            for kind in agency.kinds where kindsByID[kind] == nil {
                report("agency '\(agency.id)'", "may submit kind '\(kind)', which the policy does not define")
            }
        }
        for kind in policy.kinds {
            let entry = "kind '\(kind.id)'"
            if !(1...36_500).contains(kind.lastsDays) {
                report(entry, "lasts_days must be from 1 to 36500 days (a hundred years), not \(kind.lastsDays)")
            }
            for (key, milli) in [("points", kind.pointsMilli), ("fulfilled_points", kind.fulfilledPointsMilli)]
            where abs(milli) > 1_000_000_000 {
                report(entry, "\(key) must be within ±1000000")
            }
            if let cap = kind.capMilli, cap < 0 { report(entry, "cap bounds |sum|, so it cannot be negative") }
            if let days = kind.repairAfterDays, days < 0 {
                report(entry, "repair_after_days must be 0 or more days after the record occurred, not \(days)")
            }
            if kind.takesPointsAway {
                if kind.domain == .civic {
                    report(
                        entry,
                        "takes points away, but the civic domain may only reward: a penalty comes from a judicial, "
                            + "tax, regulatory or financial authority acting on a law (SPEC §3, policy validation)")
                }
                if kind.legalBasis.trimmingWhitespace().isEmpty {
                    report(
                        entry,
                        "takes points away, so it must cite its legal_basis: the statute or regulation and its "
                            + "article that allows the penalty (SPEC §3, policy validation)")
                } else if !citesArticle(kind.legalBasis) {
                    report(entry, "legal_basis '\(kind.legalBasis)' \(Self.noArticle)")
                }
            }
        }
        for agency in policy.agencies {
            guard let domain = agency.domain else { continue }
            for id in agency.kinds {
                if let kind = kindsByID[id], kind.domain != domain {
                    report(
                        "agency '\(agency.id)'",
                        "works in the \(domain.rawValue) domain, so it may not submit kind '\(id)' of the "
                            + "\(kind.domain.rawValue) domain")
                }
            }
        }

        let actionIDs = Set(policy.actions.map(\.id) + policy.privileges.map(\.id))
        for list in policy.lists {
            let entry = "list '\(list.id)'"
            if list.kinds.isEmpty { report(entry, "names no record kinds; a listing must come from records") }
            for kind in list.kinds where kindsByID[kind] == nil {
                report(entry, "names kind '\(kind)', which the policy does not define")
            }
            for kind in list.kinds where kindsByID[kind]?.domain == .civic {
                report(
                    entry,
                    "names kind '\(kind)' of the civic domain, which may only reward: a listing comes from records "
                        + "of a judicial, tax, regulatory or financial authority (SPEC §2.3)")
            }
            for action in list.restricts where list.measure(for: action) == nil {
                report(
                    entry,
                    "restricts '\(action)' without the legal basis of that restriction: add a [[list.measure]] with "
                        + "action = \"\(action)\" and its legal_basis (SPEC §2.3)")
            }
            var measured: Set<String> = []
            for measure in list.measures {
                if !list.restricts.contains(measure.action) {
                    report(entry, "has a measure for '\(measure.action)', which it does not restrict")
                }
                if !measured.insert(measure.action).inserted {
                    report(entry, "has two measures for '\(measure.action)'; give one legal basis per restriction")
                }
                if !measure.legalBasis.trimmingWhitespace().isEmpty && !citesArticle(measure.legalBasis) {
                    report(
                        entry,
                        "the measure for '\(measure.action)': legal_basis '\(measure.legalBasis)' \(Self.noArticle)")
                }
            }
            if list.maxDays <= 0 {
                report(entry, "needs a positive max_days: a listing must end (SPEC §2.4)")
            }
            for action in list.permits where !list.restricts.contains(action) {
                report(entry, "permits '\(action)', which it does not restrict: a permit lifts one of its restrictions")
            }
            for action in list.bindsOfficers where !list.restricts.contains(action) {
                report(entry, "binds officers from '\(action)', which it does not restrict")
            }
            if !(1...PolicyList.maxPermitDays).contains(list.permitMaxDays) {
                report(
                    entry,
                    "permit_max_days must be from 1 to \(PolicyList.maxPermitDays), not \(list.permitMaxDays)")
            }
            if !(0...PolicyList.maxNoticeDays).contains(list.noticeDays) {
                report(
                    entry,
                    "notice_days must be from 0 to \(PolicyList.maxNoticeDays) (a warning period in days), "
                        + "not \(list.noticeDays)")
            }
            if list.restricts.isEmpty {
                report(entry, "restricts nothing; name the actions it restricts in 'restricts'")
            }
            for action in list.restricts where !actionIDs.contains(action) {
                report(entry, "restricts '\(action)', which is not an action or privilege of the policy")
            }
        }
        let tierIDs = Set(policy.tiers.map(\.id))
        for privilege in policy.privileges where !tierIDs.contains(privilege.minTier) && !privilege.minTier.isEmpty {
            report("privilege '\(privilege.id)'", "min_tier '\(privilege.minTier)' is not a tier of the policy")
        }

        problems += ProtectedMatters.problems(in: policy)
        return problems
    }

    static let noArticle =
        "names no article: cite the statute or regulation and its article, such as \"Civil Procedure Law, "
        + "art. 262\" or \"《民事诉讼法》第二百六十二条\""

    /// Whether a legal basis names an article, section or paragraph of its law, in English or Chinese.
    static func citesArticle(_ text: String) -> Bool {
        text.contains(articleReference) || text.contains(chineseArticle)
    }

    private nonisolated(unsafe) static let articleReference =
        try! Regex(
            #"(?i)\b(art|arts|article|articles|sec|section|sections|para|paragraph|rule|item|clause)\b\.?\s*\(?\d|§\s*\d"#
        )
    private nonisolated(unsafe) static let chineseArticle = try! Regex("第[一二三四五六七八九十百千零〇两0-9]+[条款项]")

    private static func duplicates(_ ids: [String], section: String, _ report: (String, String) -> Void) {
        var seen: Set<String> = []
        for id in ids where !id.isEmpty && !seen.insert(id).inserted {
            report("\(section) '\(id)'", "the id is used twice; ids must be unique")
        }
    }
}

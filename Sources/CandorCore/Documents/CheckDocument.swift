/// A check explained: the decision and its reasons, and nothing else about the subject (not even the tier
/// held, for a privilege) — the one value
/// that the API's JSON, `candor check` (as text or `--json`) and the counter page all render.
public struct CheckDocument: Codable, Sendable, Equatable {
    public struct Reason: Codable, Sendable, Equatable {
        /// `list`, `permit` (a list whose restriction a permit lifts today), `binding` (an organisation's
        /// listing that binds the subject as its officer) or `tier`.
        public var type: String
        public var list: String?
        public var title: String?
        public var legalBasis: String?
        /// For a list, a permit or a binding: the legal basis of the list's restriction of the action asked
        /// (the measure), beside the list's own.
        public var measure: String?
        public var since: Day?
        public var until: Day?
        public var remedy: String?
        public var requiredTier: String?
        public var requiredTierTitle: String?
        /// Whether the subject's tier reaches the one required — never which tier it is.
        public var met: Bool?
        /// For a list: the day since which every record behind it is disputed, awaiting an answer.
        public var disputedSince: Day?
        /// For a permit: its number; `since` and `until` are then the first and last day of its window.
        public var permit: Int64?
        /// For a binding: the organisation on the list and the subject's role in it.
        public var organisation: String?
        public var role: String?

        /// The reason in one line, as a counter clerk reads it.
        public var heading: String { heading(in: .en) }

        /// The reason in one line, in `language`.
        public func heading(in language: Language) -> String {
            let values = [
                "title": title ?? list ?? "", "since": since.map { "day:\($0.iso)" } ?? "?",
                "until": until.map { "day:\($0.iso)" } ?? "?", "disputed": disputedSince.map { "day:\($0.iso)" } ?? "",
                "role": language.say(role ?? "officer"), "organisation": organisation ?? "", "permit": "\(permit ?? 0)",
                "tier": requiredTierTitle ?? requiredTier ?? "",
            ]
            switch type {
            case "list":
                return language.say("On the list “{{title}}” since {{since}}, until {{until}} at the latest", values)
                    + (disputedSince == nil
                        ? "" : language.say("; disputed since {{disputed}}, awaiting an answer", values))
            case "binding":
                return language.say(
                    "Bound as {{role}} of {{organisation}}, which is on the list “{{title}}” — from {{since}} until "
                        + "{{until}} at the latest", values)
            case "permit":
                return language.say(
                    "On the list “{{title}}”, but permit {{permit}} allows this from {{since}} to {{until}}", values)
            default:
                return met == true
                    ? language.say("Needs tier {{tier}} or above; the subject's tier reaches it.", values)
                    : language.say("Needs tier {{tier}} or above; the subject's tier is below it.", values)
            }
        }
    }

    public var subject: String
    public var action: String
    public var actionTitle: String
    public var asOf: Day
    /// `allowed` or `denied`.
    public var decision: String
    public var reasons: [Reason]

    public var allowed: Bool { decision == "allowed" }
    public var policy: PolicyReference

    public init(_ decision: CheckDecision) {
        subject = decision.subject.text
        action = decision.action
        actionTitle = decision.actionTitle
        asOf = decision.asOf
        self.decision = decision.allowed ? "allowed" : "denied"
        reasons = decision.reasons.map { reason in
            switch reason {
            case let .listed(list, since, until, disputedSince):
                Reason(
                    type: "list", list: list.id, title: list.title, legalBasis: list.legalBasis,
                    measure: list.measure(for: decision.action), since: since, until: until, remedy: list.remedy,
                    disputedSince: disputedSince)
            case let .permitted(list, permit):
                Reason(
                    type: "permit", list: list.id, title: list.title, legalBasis: list.legalBasis,
                    measure: list.measure(for: decision.action), since: permit.from, until: permit.to,
                    permit: permit.id)
            case let .bound(binding):
                Reason(
                    type: "binding", list: binding.list.id, title: binding.list.title,
                    legalBasis: binding.list.legalBasis, measure: binding.list.measure(for: decision.action),
                    since: binding.since, until: binding.until,
                    remedy: binding.list.remedy, organisation: binding.organisation.text, role: binding.role.title)
            case let .tier(required, _, met):
                // The tier held stays out: a counter learns whether it suffices, not the subject's standing.
                Reason(type: "tier", requiredTier: required.id, requiredTierTitle: required.title, met: met)
            }
        }
        policy = decision.policy
    }

    /// The document with the titles, legal bases and remedies of `policy` (the same policy in another
    /// language), so a page shows them in its reader's language.
    public func localized(_ policy: Policy) -> CheckDocument {
        var copy = self
        copy.actionTitle =
            policy.actions.first { $0.id == action }?.title ?? policy.privileges.first { $0.id == action }?.title
            ?? actionTitle
        for index in copy.reasons.indices {
            if let id = reasons[index].list, let list = policy.list(id) {
                copy.reasons[index].title = list.title
                copy.reasons[index].legalBasis = list.legalBasis
                if reasons[index].measure != nil { copy.reasons[index].measure = list.measure(for: action) }
                if reasons[index].remedy != nil { copy.reasons[index].remedy = list.remedy }
            }
            if let tier = reasons[index].requiredTier.flatMap(policy.tier) {
                copy.reasons[index].requiredTierTitle = tier.title
            }
        }
        return copy
    }
}

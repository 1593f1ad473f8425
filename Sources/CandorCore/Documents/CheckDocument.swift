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
        public var heading: String {
            if type == "list" {
                return "On the list “\(title ?? list ?? "")” since \(since?.iso ?? "?"), until \(until?.iso ?? "?") "
                    + "at the latest" + (disputedSince.map { "; disputed since \($0.iso), awaiting an answer" } ?? "")
            }
            if type == "binding" {
                return "Bound as \(role ?? "officer") of \(organisation ?? "an organisation"), which is on the list "
                    + "“\(title ?? list ?? "")” — from \(since?.iso ?? "?") until \(until?.iso ?? "?") at the latest"
            }
            if type == "permit" {
                return "On the list “\(title ?? list ?? "")”, but permit \(permit ?? 0) allows this from "
                    + "\(since?.iso ?? "?") to \(until?.iso ?? "?")"
            }
            return "Needs tier \(requiredTierTitle ?? requiredTier ?? "") or above; the subject's tier "
                + (met == true ? "reaches it." : "is below it.")
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
                    type: "list", list: list.id, title: list.title, legalBasis: list.legalBasis, since: since,
                    until: until, remedy: list.remedy, disputedSince: disputedSince)
            case let .permitted(list, permit):
                Reason(
                    type: "permit", list: list.id, title: list.title, legalBasis: list.legalBasis, since: permit.from,
                    until: permit.to, permit: permit.id)
            case let .bound(binding):
                Reason(
                    type: "binding", list: binding.list.id, title: binding.list.title,
                    legalBasis: binding.list.legalBasis, since: binding.since, until: binding.until,
                    remedy: binding.list.remedy, organisation: binding.organisation.text, role: binding.role.title)
            case let .tier(required, _, met):
                // The tier held stays out: a counter learns whether it suffices, not the subject's standing.
                Reason(type: "tier", requiredTier: required.id, requiredTierTitle: required.title, met: met)
            }
        }
        policy = decision.policy
    }
}

/// The JSON form of a check: the decision and its reasons, and nothing else about the subject.
public struct CheckDocument: Codable, Sendable, Equatable {
    public struct Reason: Codable, Sendable, Equatable {
        /// `list` or `tier`.
        public var type: String
        public var list: String?
        public var title: String?
        public var legalBasis: String?
        public var since: Day?
        public var until: Day?
        public var remedy: String?
        public var requiredTier: String?
        public var heldTier: String?
        public var met: Bool?
    }

    public var subject: String
    public var action: String
    public var asOf: Day
    /// `allowed` or `denied`.
    public var decision: String
    public var reasons: [Reason]
    public var policy: PolicyReference

    public init(_ decision: CheckDecision) {
        subject = decision.subject.text
        action = decision.action
        asOf = decision.asOf
        self.decision = decision.allowed ? "allowed" : "denied"
        reasons = decision.reasons.map { reason in
            switch reason {
            case let .listed(list, since, until):
                Reason(
                    type: "list", list: list.id, title: list.title, legalBasis: list.legalBasis, since: since,
                    until: until, remedy: list.remedy)
            case let .tier(required, held, met):
                Reason(type: "tier", requiredTier: required.id, heldTier: held.id, met: met)
            }
        }
        policy = decision.policy
    }
}

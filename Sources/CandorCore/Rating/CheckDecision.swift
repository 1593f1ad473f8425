/// The answer to "may this subject do this?": allowed or denied, with the reasons and nothing else.
///
/// A counter learns the decision for the one action it asked about — never the score or the file
/// (SPEC §2.6). For a privilege the reasons include the tier required and whether the subject's tier reaches
/// it; the tier held is kept for the subject's own explanation and left out of what a counter is shown
/// (`CheckDocument`).
public struct CheckDecision: Sendable, Equatable {
    public enum ActionKind: String, Sendable, Codable {
        case action, privilege
    }

    public var subject: SubjectID
    public var action: String
    public var actionTitle: String
    public var actionKind: ActionKind
    public var asOf: Day
    public var allowed: Bool
    public var reasons: [CheckReason]
    public var policy: PolicyReference
}

extension CheckDecision {
    /// The decision as the access log records it: "allowed", "denied: judgment-defaulters", "denied: tier".
    public var logAnswer: String {
        if allowed {
            let permits = reasons.compactMap { reason -> String? in
                if case let .permitted(_, permit) = reason { return "permit \(permit.id)" }
                return nil
            }
            return permits.isEmpty ? "allowed" : "allowed: " + permits.joined(separator: ", ")
        }
        let lists = reasons.compactMap { reason -> String? in
            switch reason {
            case let .listed(list, _, _, _): list.id
            case let .bound(binding): "bound by \(binding.list.id)"
            default: nil
            }
        }
        return "denied: " + (lists.isEmpty ? "tier" : lists.joined(separator: ", "))
    }
}

/// What deciding a check needs to know of an action or privilege.
struct CheckRule: Sendable {
    var title: String
    var kind: CheckDecision.ActionKind
    /// For a privilege, the tier it requires.
    var requiredTier: Tier?
}

/// Why a check was decided as it was.
public enum CheckReason: Sendable, Equatable {
    /// The subject is on a list that restricts the action; `disputedSince` when every record behind it is
    /// contested by a dispute or appeal awaiting an answer.
    case listed(list: PolicyList, since: Day, until: Day, disputedSince: Day?)
    /// The subject is on a list that restricts the action, and a granted permit lifts it today.
    case permitted(list: PolicyList, permit: Permit)
    /// The subject is an officer of an organisation on a list that binds its officers from the action.
    case bound(Binding)
    /// A privilege needs a tier; `met` says whether the subject's tier reaches it.
    case tier(required: Tier, held: Tier, met: Bool)
}

/// Why a check could not be made.
public enum CheckError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownAction(String, known: [String])

    public var description: String { words.description }

    /// The reason in words any door renders in its reader's language.
    public var words: Words {
        switch self {
        case let .unknownAction(action, known):
            return "'\(action)' is not an action or privilege of the policy; known: \(known.joined(separator: ", "))"
        }
    }
}

extension RatingEngine {
    /// Decides whether the rated subject may take `action` on the rating's date.
    ///
    /// An action is allowed unless a list the subject is on restricts it. A privilege is allowed when the
    /// subject's tier is at or above `min_tier` and no list the subject is on restricts it.
    /// - Throws: `CheckError.unknownAction` when the policy has no such action or privilege.
    public func check(_ rating: Rating, action id: String) throws(CheckError) -> CheckDecision {
        try decide(
            subject: rating.subject, asOf: rating.asOf, tier: rating.tier,
            listings: rating.listings.map { ($0.list, $0.since, $0.until, $0.disputedSince) },
            permits: rating.permits, bindings: rating.bindings, action: id)
    }

    /// A list membership as a check needs it.
    public typealias CheckListing = (list: PolicyList, since: Day, until: Day, disputedSince: Day?)

    /// Decides a check from what it depends on: the subject's tier and list memberships on `asOf`.
    ///
    /// `check(_:action:)` and the in-memory `StandingIndex` both decide here, so their answers cannot
    /// drift apart.
    ///
    /// A list that restricts the action denies it, unless one of `permits` — granted for that list and
    /// action, its window covering `asOf` — lifts it (SPEC §6, "Permits"): a permit lifts its own list only.
    /// A binding whose list binds officers from the action denies it too (SPEC §6, "Officers").
    public func decide(
        subject: SubjectID, asOf: Day, tier: Tier, listings: [CheckListing], permits: [Permit] = [],
        bindings: [Binding] = [], action id: String
    ) throws(CheckError) -> CheckDecision {
        guard let rule = checkRules[id] else {
            throw .unknownAction(id, known: policy.actions.map(\.id) + policy.privileges.map(\.id))
        }
        var reasons: [CheckReason] = []
        for listing in listings where listing.list.restricts.contains(id) {
            if let permit = permits.first(where: { $0.list == listing.list.id && $0.action == id && $0.covers(asOf) }) {
                reasons.append(.permitted(list: listing.list, permit: permit))
            } else {
                reasons.append(
                    .listed(
                        list: listing.list, since: listing.since, until: listing.until,
                        disputedSince: listing.disputedSince))
            }
        }
        for binding in bindings where binding.list.bindsOfficers.contains(id) { reasons.append(.bound(binding)) }
        if let required = rule.requiredTier {
            reasons.append(.tier(required: required, held: tier, met: tier.min >= required.min))
        }
        let allowed = reasons.allSatisfy { reason in
            switch reason {
            case let .tier(_, _, met): met
            case .permitted: true
            case .listed, .bound: false
            }
        }
        return CheckDecision(
            subject: subject, action: id, actionTitle: rule.title, actionKind: rule.kind,
            asOf: asOf, allowed: allowed, reasons: reasons, policy: policy.reference)
    }
}

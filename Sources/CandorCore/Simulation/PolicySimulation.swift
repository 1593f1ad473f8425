/// What a proposed policy would change, rated side by side with the policy in force on the same records:
/// tier transitions, list sizes, checks that would flip, and exactly which subjects would move.
public struct PolicySimulation: Sendable {
    public let current: Policy
    public let proposed: Policy
    private let currentEngine: RatingEngine
    private let proposedEngine: RatingEngine
    /// Actions and privileges both policies define; checks of the others cannot be compared.
    public let comparableActions: [String]

    public private(set) var subjects = 0
    /// Subjects by tier id under the current policy, then under the proposed one.
    public private(set) var transitions: [String: [String: Int]] = [:]
    /// Subjects on each list, before and after.
    public private(set) var listSizes: [String: (before: Int, after: Int)] = [:]
    /// For each action, how many checks would go from denied to allowed and from allowed to denied.
    public private(set) var flips: [String: (toAllowed: Int, toDenied: Int)] = [:]
    /// Subjects whose score, tier or lists would change, in identifier order.
    public private(set) var moved: [SubjectID] = []
    /// How the first `shownMovements` of them would move: scores, tiers and lists under both policies.
    public private(set) var movements: [Movement] = []
    public static let shownMovements = 100

    /// One subject's rating under the policy in force and under the proposed one.
    public struct Movement: Sendable, Equatable {
        public var subject: SubjectID
        public var scores: (before: Int, after: Int)
        public var tiers: (before: String, after: String)
        public var lists: (before: [String], after: [String])

        public static func == (a: Movement, b: Movement) -> Bool {
            a.subject == b.subject && a.scores == b.scores && a.tiers == b.tiers && a.lists == b.lists
        }
    }
    public private(set) var before: RatingSummary
    public private(set) var after: RatingSummary

    public init(current: Policy, proposed: Policy) {
        self.current = current
        self.proposed = proposed
        currentEngine = RatingEngine(policy: current)
        proposedEngine = RatingEngine(policy: proposed)
        let proposedActions = Set(proposed.actions.map(\.id) + proposed.privileges.map(\.id))
        comparableActions = (current.actions.map(\.id) + current.privileges.map(\.id)).filter(proposedActions.contains)
        before = RatingSummary(policy: current)
        after = RatingSummary(policy: proposed)
    }

    /// Rates one subject under both policies and counts the differences.
    public mutating func add(_ file: SubjectFile, asOf day: Day) {
        let old = currentEngine.rate(file, asOf: day)
        let new = proposedEngine.rate(file, asOf: day)
        subjects += 1
        before.add(old)
        after.add(new)
        transitions[old.tier.id, default: [:]][new.tier.id, default: 0] += 1
        let oldLists = old.listings.map(\.list.id)
        let newLists = new.listings.map(\.list.id)
        for id in Set(oldLists + newLists) {
            var sizes = listSizes[id] ?? (0, 0)
            if oldLists.contains(id) { sizes.before += 1 }
            if newLists.contains(id) { sizes.after += 1 }
            listSizes[id] = sizes
        }
        for action in comparableActions {
            guard let was = try? currentEngine.check(old, action: action).allowed,
                let will = try? proposedEngine.check(new, action: action).allowed, was != will
            else { continue }
            var count = flips[action] ?? (0, 0)
            if will { count.toAllowed += 1 } else { count.toDenied += 1 }
            flips[action] = count
        }
        if old.score != new.score || old.tier.id != new.tier.id || oldLists != newLists {
            moved.append(file.subject)
            if movements.count < Self.shownMovements {
                movements.append(
                    Movement(
                        subject: file.subject, scores: (old.score, new.score), tiers: (old.tier.id, new.tier.id),
                        lists: (oldLists, newLists)))
            }
        }
    }
}

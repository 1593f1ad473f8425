import Foundation

/// Every subject's standing on one day — tier and list memberships — held in memory, so a check is
/// answered without reading the store.
///
/// The index is built from a one-pass re-rating of every subject (`add(_:of:)`) and kept current by
/// re-rating a subject whenever its records or disputes change (`update`). Checks decide through
/// `RatingEngine.decide`, exactly as a check on a freshly computed rating does. A subject the index has
/// never seen has no records: its standing is the base score's tier, on no list. The index answers for
/// `asOf` only; a new day needs a new index.
public final class StandingIndex: @unchecked Sendable {
    public let engine: RatingEngine
    public let asOf: Day

    /// A list membership without the records behind it: what a check reports.
    struct Membership: Sendable {
        var list: Int32
        var since: Day
        var until: Day
        var disputedSince: Day?
    }

    private let lock = NSLock()
    /// Tier index by subject, for every subject rated; the `listed` bit marks subjects with memberships,
    /// so the others need one lookup.
    private var tiers: [SubjectKey: UInt8] = [:]
    private static let listed: UInt8 = 0x80
    /// List memberships of the few subjects who are on a list.
    private var memberships: [SubjectKey: [Membership]] = [:]
    /// The permits granted for a window covering `asOf`, of the few subjects who hold one.
    private var permits: [SubjectKey: [Permit]] = [:]
    /// The roles of the people recorded as officers of organisations; a check reads the organisations'
    /// memberships when it is made, so an organisation's listing binds its officers at once.
    private var roles: [SubjectKey: [Officer]] = [:]
    /// The version of the data each subject's entry was rated from, so a slower update never overwrites
    /// a newer one.
    private var versions: [SubjectKey: UInt64] = [:]
    private var nextVersion: UInt64 = 1
    private let baseTier: UInt8

    public init(engine: RatingEngine, asOf: Day) {
        self.engine = engine
        self.asOf = asOf
        let policy = engine.policy
        let base = policy.tier(forScore: policy.score.base)
        baseTier = UInt8(policy.tiers.firstIndex { $0.id == base.id } ?? 0)
    }

    /// How many subjects have been rated into the index.
    public var count: Int { lock.withLock { tiers.count } }

    /// A ticket to pass to `update` for data read after this call: updates apply in ticket order.
    public func ticket() -> UInt64 {
        lock.withLock {
            defer { nextVersion += 1 }
            return nextVersion
        }
    }

    /// Records a subject's rating (which must be on `asOf`), unless a newer ticket updated it already.
    public func update(_ rating: Rating, ticket: UInt64 = 0) {
        precondition(rating.asOf == asOf, "a rating on \(rating.asOf) in an index for \(asOf)")
        let key = SubjectKey(rating.subject)
        let tier = UInt8(engine.policy.tiers.firstIndex { $0.id == rating.tier.id } ?? 0)
        let lists = rating.listings.compactMap { listing -> Membership? in
            guard let index = engine.policy.lists.firstIndex(where: { $0.id == listing.list.id }) else { return nil }
            return Membership(
                list: Int32(index), since: listing.since, until: listing.until, disputedSince: listing.disputedSince)
        }
        lock.withLock {
            if ticket != 0 {
                if let seen = versions[key], seen > ticket { return }
                versions[key] = ticket
            }
            tiers[key] = lists.isEmpty ? tier : tier | Self.listed
            memberships[key] = lists.isEmpty ? nil : lists
            permits[key] = rating.permits.isEmpty ? nil : rating.permits
            roles[key] = rating.roles.isEmpty ? nil : rating.roles
        }
    }

    /// Takes the roles of officers (every role recorded; those not held on `asOf` bind no one).
    public func add(roles recorded: [Officer]) {
        lock.withLock {
            for role in recorded where role.holds(on: asOf) {
                roles[SubjectKey(role.person), default: []].append(role)
            }
        }
    }

    /// Takes the permits granted for a window covering `asOf` (others are ignored), after `add(_:of:)`.
    public func add(permits granted: [Permit]) {
        lock.withLock {
            for permit in granted where permit.covers(asOf) {
                permits[SubjectKey(permit.subject), default: []].append(permit)
            }
        }
    }

    /// Takes the standings of every subject of `columns`, rated on `asOf` by `RecordColumns.rate`.
    public func add(_ rated: RatedColumns, of columns: RecordColumns) {
        precondition(rated.asOf == asOf, "ratings on \(rated.asOf) in an index for \(asOf)")
        lock.withLock {
            tiers.reserveCapacity(tiers.count + columns.subjects.count)
            // A new index (every server start) has no memberships to clear: one hash per subject, not two.
            let clearing = !memberships.isEmpty
            for (position, key) in columns.subjects.enumerated() {
                tiers[key] = rated.tiers[position]
                if clearing { memberships[key] = nil }
            }
            for (position, lists) in rated.memberships {
                let key = columns.subjects[Int(position)]
                memberships[key] = lists
                tiers[key]! |= Self.listed
            }
        }
    }

    /// Decides whether `subject` may take `action` on `asOf`, from memory.
    /// - Throws: `CheckError.unknownAction` when the policy has no such action or privilege.
    public func check(_ subject: SubjectID, action: String) throws(CheckError) -> CheckDecision {
        let key = SubjectKey(subject)
        let policy = engine.policy
        let (tier, lists, held, bindings) = lock.withLock { () -> (UInt8, [Membership], [Permit], [Binding]) in
            let tier = tiers[key] ?? baseTier
            var bindings: [Binding] = []
            if let held = roles[key] {
                bindings = engine.bindings(of: held, on: asOf) { organisation in
                    (memberships[SubjectKey(organisation)] ?? []).map {
                        (policy.lists[Int($0.list)], $0.since, $0.until)
                    }
                }
            }
            guard tier & Self.listed != 0 else { return (tier, [], [], bindings) }
            return (tier & ~Self.listed, memberships[key] ?? [], permits[key] ?? [], bindings)
        }
        return try engine.decide(
            subject: subject, asOf: asOf, tier: policy.tiers[Int(tier)],
            listings: lists.map { (policy.lists[Int($0.list)], $0.since, $0.until, $0.disputedSince) },
            permits: held, bindings: bindings, action: action)
    }
}

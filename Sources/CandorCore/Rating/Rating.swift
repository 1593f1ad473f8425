/// A subject's rating on a date: the breakdown of every record's contribution, and the score, tier and
/// list memberships derived from it under a named policy.
public struct Rating: Sendable {
    public var subject: SubjectID
    public var asOf: Day
    public var policy: PolicyReference
    /// The score of a subject without records.
    public var base: Int
    /// Every record of the subject, counting or not, in the order they occurred.
    public var contributions: [Contribution]
    /// The sum per kind and the cap applied, for kinds with counting records.
    public var kindTotals: [KindTotal]
    /// `clamp(round(base + sum of kind totals), min, max)`.
    public var score: Int
    public var tier: Tier
    public var listings: [Listing]
    /// The lists the subject is on notice for, earliest start first.
    public var notices: [ListNotice] = []
    /// The granted permits whose window covers the as-of date.
    public var permits: [Permit] = []
    /// The roles the subject holds or held in organisations, as recorded.
    public var roles: [Officer] = []
    /// The listings of organisations that bind the subject as their officer on the as-of date.
    public var bindings: [Binding] = []

    /// Whether the subject is on the list with this id.
    public func isListed(on listID: String) -> Bool { listings.contains { $0.list.id == listID } }
}

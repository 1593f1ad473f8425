/// What an agency may submit under a policy: only the kinds it is granted, only for the subject types
/// the kind allows.
public struct SubmissionRules: Sendable {
    public let policy: Policy
    private let grants: [String: Set<String>]
    private let kinds: [String: RecordKind]

    public init(policy: Policy) {
        self.policy = policy
        var grants: [String: Set<String>] = [:]
        for agency in policy.agencies { grants[agency.id, default: []].formUnion(agency.kinds) }
        self.grants = grants
        self.kinds = Dictionary(policy.kinds.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The field at fault and why, or `nil` when the policy allows the record.
    public func problem(with record: Record) -> (field: String, message: String)? {
        guard let granted = grants[record.agency] else {
            return (
                "agency",
                "'\(record.agency)' is not an agency of policy \(policy.id); known: "
                    + policy.agencies.map(\.id).joined(separator: ", ")
            )
        }
        guard let kind = kinds[record.kind] else {
            return ("kind", "'\(record.kind)' is not a record kind of policy \(policy.id)")
        }
        guard granted.contains(record.kind) else {
            return (
                "kind",
                "agency '\(record.agency)' may not submit '\(record.kind)'; it may submit "
                    + granted.sorted().joined(separator: ", ")
            )
        }
        guard kind.subjects.contains(record.subject.type) else {
            return (
                "subject",
                "'\(record.kind)' applies to \(kind.subjects.map(\.rawValue).joined(separator: " and ")) "
                    + "subjects, and \(record.subject) identifies "
                    + (record.subject.type == .person ? "a person" : "an organization")
            )
        }
        return nil
    }
}

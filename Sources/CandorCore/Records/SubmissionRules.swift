/// What an agency may submit under a policy: only the kinds it is granted, only for the subject types
/// the kind allows, with dates that have happened and fields within their limits.
public struct SubmissionRules: Sendable {
    /// The longest reference an agency may give a record, in characters.
    public static let maxReference = 64
    /// The longest note or statement, in characters.
    public static let maxNote = 2_000
    /// The longest legal basis, in characters.
    public static let maxLegalBasis = 500

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

    /// The field at fault and why, or `nil` when the policy allows the record on `today`, the day it is
    /// received: nothing may be dated after it, and a fulfilment or retraction not before the record.
    public func problem(with record: Record, today: Day) -> (field: String, message: Words)? {
        if let problem = fieldProblem(with: record, today: today) { return problem }
        guard let granted = grants[record.agency] else {
            return (
                "agency",
                "'\(record.agency)' is not an agency of policy \(policy.id); known: \(policy.agencies.map(\.id).joined(separator: ", "))"
            )
        }
        guard let kind = kinds[record.kind] else {
            return ("kind", "'\(record.kind)' is not a record kind of policy \(policy.id)")
        }
        guard granted.contains(record.kind) else {
            return (
                "kind",
                "agency '\(record.agency)' may not submit '\(record.kind)'; it may submit \(granted.sorted().joined(separator: ", "))"
            )
        }
        guard kind.subjects.contains(record.subject.type) else {
            return (
                "subject",
                record.subject.type == .person
                    ? "'\(record.kind)' applies to \(kind.subjects.map(\.rawValue).joined(separator: " and ")) subjects, and \(record.subject.text) identifies a person"
                    : "'\(record.kind)' applies to \(kind.subjects.map(\.rawValue).joined(separator: " and ")) subjects, and \(record.subject.text) identifies an organization"
            )
        }
        return nil
    }
}

extension SubmissionRules {
    /// The dates, amount and texts of a record against their limits.
    func fieldProblem(with record: Record, today: Day) -> (field: String, message: Words)? {
        if let problem = Self.textProblem(record.reference, limit: Self.maxReference) {
            return ("reference", problem)
        }
        guard record.occurred <= today else {
            return ("occurred", "\(record.occurred) is after today (\(today)): a record reports what has happened")
        }
        for (field, day) in [("fulfilled", record.fulfilled), ("retracted", record.retracted)] {
            guard let day else { continue }
            guard day >= record.occurred else {
                return (field, "\(day) is before the record occurred (\(record.occurred))")
            }
            guard day <= today else { return (field, "\(day) is after today (\(today))") }
        }
        if let amount = record.amount, !(amount.isFinite && amount >= 0) {
            return ("amount", "must be a finite amount of at least 0, not \(amount)")
        }
        // A text of no more bytes than the limit has no more characters: count only the longer ones.
        if let note = record.note, note.utf8.count > Self.maxNote, note.count > Self.maxNote {
            return ("note", "is \(note.count) characters; keep it to at most \(Self.maxNote)")
        }
        if let basis = record.legalBasis, basis.utf8.count > Self.maxLegalBasis, basis.count > Self.maxLegalBasis {
            return ("legal_basis", "is \(basis.count) characters; keep it to at most \(Self.maxLegalBasis)")
        }
        return nil
    }

    /// Why a short identifying text (a reference, a purpose, a label) is not acceptable, or `nil`:
    /// 1 to `limit` characters, none of them a control character.
    public static func textProblem(_ text: String, limit: Int) -> Words? {
        if text.isEmpty { return "is empty" }
        // Printable ASCII, the usual case on a bulk load, is checked byte by byte without counting characters.
        let utf8 = text.utf8
        if utf8.count <= limit, utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        if text.count > limit { return "is \(text.count) characters; keep it to at most \(limit)" }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "contains a control character (a line break, tab or the like)"
        }
        return nil
    }
}

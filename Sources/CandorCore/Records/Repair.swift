/// A subject's application to repair a fulfilled record (SPEC §6, "Repair"): once granted, the record
/// neither counts nor lists.
///
/// The subject applies on day A with a commitment. The record's agency decides: `granted` on G repairs the
/// record from G; `refused` needs a reason, and a new application for the record may follow only from the
/// refusal plus `reapply_days`. An application not decided by `A + response_days` repairs the record from the
/// day after that deadline until a decision is recorded (a later refusal ends it).
public struct Repair: Sendable, Equatable, Codable {
    public enum Decision: String, Sendable, Codable, CaseIterable {
        case granted, refused
    }

    public var id: Int64
    public var recordID: Int64
    /// The day the subject applied.
    public var applied: Day
    /// What the subject undertakes, in their words.
    public var commitment: String
    public var decision: Decision?
    public var decided: Day?
    /// The agency's reason; a refusal always has one.
    public var reason: String?

    /// The longest commitment, in characters.
    public static let maxCommitment = 2_000

    public init(
        id: Int64 = 0, recordID: Int64, applied: Day, commitment: String, decision: Decision? = nil,
        decided: Day? = nil, reason: String? = nil
    ) {
        self.id = id
        self.recordID = recordID
        self.applied = applied
        self.commitment = commitment
        self.decision = decision
        self.decided = decided
        self.reason = reason
    }

    /// The last day the agency may decide before the application counts as granted.
    public func deadline(responseDays: Int) -> Day { applied.adding(days: responseDays) }

    /// The last day the agency may decide under `policy`'s `[repair] response_days`.
    public func deadline(under policy: Policy) -> Day { deadline(responseDays: policy.dueProcess.repairResponseDays) }

    /// Whether the application is undecided past its deadline under `policy` on `day`.
    public func isOverdue(on day: Day, under policy: Policy) -> Bool {
        isOverdue(on: day, responseDays: policy.dueProcess.repairResponseDays)
    }

    /// Whether the application is undecided past its deadline on `day`.
    public func isOverdue(on day: Day, responseDays: Int) -> Bool {
        decision == nil && day > deadline(responseDays: responseDays)
    }

    /// Whether the application repairs its record on `day`.
    public func repairs(on day: Day, responseDays: Int) -> Bool {
        Self.repairs(
            on: day.ordinal, applied: applied.ordinal, decided: decided?.ordinal ?? Int32.max,
            granted: decision == .granted, responseDays: Int32(responseDays))
    }

    /// The repair rule on day ordinals, as the one-pass re-rating applies it: from the day of a grant; and
    /// from the day after the deadline (`applied + responseDays`) until the day of the decision
    /// (`Int32.max` while undecided).
    @inline(__always)
    public static func repairs(on day: Int32, applied: Int32, decided: Int32, granted: Bool, responseDays: Int32)
        -> Bool
    {
        (granted && day >= decided) || (day > applied &+ responseDays && day < decided)
    }

    /// Why the subject may not apply to repair `record` on `day`, or `nil` when they may: the record's kind
    /// must allow repair, the record must not be retracted, and no application may be open or granted; and
    /// `day` must be on or after `firstDay`. `earlier` are the record's applications so far.
    public static func problem(
        applyingFor record: Record, on day: Day, earlier: [Repair], policy: Policy
    ) -> ApplicationProblem? {
        switch firstDay(applyingFor: record, earlier: earlier, policy: policy) {
        case let .failure(problem): return problem
        case let .success(first):
            guard day < first.day else { return nil }
            switch first.why {
            case nil: return .tooEarly("record \(record.id) may be repaired from \(first.day)")
            case .fulfilment?:
                return .tooEarly(
                    "record \(record.id) may be repaired from \(first.day) (its fulfilment is recorded for that day)")
            case let .refusal(refused)?:
                return .tooEarly(
                    "record \(record.id) may be repaired from \(first.day) (the application of \(refused) was refused)")
            }
        }
    }

    /// What sets the first day of a repair application, when it is not `occurred + repair_after_days`.
    public enum Wait: Sendable, Equatable {
        /// The fulfilment is recorded for a later day.
        case fulfilment
        /// An application was refused on this day: a new one waits `reapply_days`.
        case refusal(Day)
    }

    /// The first day the subject may apply to repair `record` — the latest of its fulfilment, `occurred +
    /// repair_after_days` and, after a refusal, the refusal plus `reapply_days` — with why, when it is the
    /// fulfilment or a refusal; or why no application may be made at all.
    public static func firstDay(applyingFor record: Record, earlier: [Repair], policy: Policy)
        -> Result<(day: Day, why: Wait?), ApplicationProblem>
    {
        guard let kind = policy.kind(record.kind), let after = kind.repairAfterDays else {
            return .failure(
                .notAllowed("records of the kind '\(record.kind)' cannot be repaired under the policy in force"))
        }
        if record.retracted != nil {
            return .failure(.notAllowed("record \(record.id) was retracted: it counts on no date and needs no repair"))
        }
        guard let fulfilled = record.fulfilled else {
            return .failure(
                .notAllowed("record \(record.id) is not fulfilled yet: repair follows fulfilment of the obligation"))
        }
        if let open = earlier.first(where: { $0.decision == nil }) {
            return .failure(.conflict("application \(open.id) to repair record \(record.id) is still open"))
        }
        if let granted = earlier.first(where: { $0.decision == .granted }) {
            return .failure(.conflict("record \(record.id) was repaired by application \(granted.id)"))
        }
        var first: (day: Day, why: Wait?) = (record.occurred.adding(days: after), nil)
        if fulfilled > first.day { first = (fulfilled, .fulfilment) }
        if let refused = earlier.compactMap({ $0.decision == .refused ? $0.decided : nil }).max() {
            let again = refused.adding(days: policy.dueProcess.reapplyDays)
            if again > first.day { first = (again, .refusal(refused)) }
        }
        return .success(first)
    }

    /// The application decided on `day` for `reason`: refused when it is decided already, when the day
    /// comes before the application, or when a refusal gives no reason. Every store applies it.
    public func deciding(_ decision: Decision, on day: Day, reason: String?) throws(StoreError) -> Repair {
        guard self.decision == nil else { throw .alreadyDecidedApplication("repair application \(id)") }
        guard day >= applied else {
            throw .dateBefore("the decision (\(day)) cannot come before the application (\(applied))")
        }
        guard decision == .granted || !(reason ?? "").isEmpty else { throw .reasonRequired }
        var decided = self
        decided.decision = decision
        decided.decided = day
        decided.reason = reason
        return decided
    }
}

/// Why an application to repair or for a permit is not admissible.
public enum ApplicationProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The record or list does not allow it at all.
    case notAllowed(Words)
    /// Not yet: the message names the first day it may be made.
    case tooEarly(Words)
    /// Another application stands in the way.
    case conflict(Words)
    /// A field of the application is wrong; names the field.
    case invalid(field: String, Words)

    public var description: String { words.description }

    /// The reason in words any door renders in its reader's language.
    public var words: Words {
        switch self {
        case let .notAllowed(message), let .tooEarly(message), let .conflict(message), let .invalid(_, message):
            message
        }
    }
}

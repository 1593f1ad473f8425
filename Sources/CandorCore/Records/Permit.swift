/// A one-time permit (SPEC §6, "Permits"): while a subject is on a list, an agency whose record lists them
/// may let them take one action the list restricts, for a purpose, inside a window of days.
///
/// On a day inside a granted permit's window, a check of its action that only its list would deny is
/// allowed, and the answer names the permit (`RatingEngine.decide`).
public struct Permit: Sendable, Equatable, Codable {
    public enum Purpose: String, Sendable, Codable, CaseIterable {
        case medical, funeral, exam, official, other
    }

    public enum Decision: String, Sendable, Codable, CaseIterable {
        case granted, refused
    }

    public var id: Int64
    public var subject: SubjectID
    /// The list whose restriction the permit lifts.
    public var list: String
    /// The one action it lifts: one of the list's `permits`.
    public var action: String
    public var purpose: Purpose
    /// Why the subject needs it, in their words.
    public var explanation: String
    /// The first and last day of the window, both included.
    public var from: Day
    public var to: Day
    /// The day the subject applied.
    public var applied: Day
    /// The agencies whose records listed the subject on the list when they applied: any of them decides.
    public var agencies: [String]
    public var decision: Decision?
    public var decided: Day?
    /// The agency that decided.
    public var decidedBy: String?
    /// The agency's reason; a refusal always has one.
    public var reason: String?

    /// The longest explanation, in characters.
    public static let maxExplanation = 500

    public init(
        id: Int64 = 0, subject: SubjectID, list: String, action: String, purpose: Purpose, explanation: String,
        from: Day, to: Day, applied: Day, agencies: [String] = [], decision: Decision? = nil, decided: Day? = nil,
        decidedBy: String? = nil, reason: String? = nil
    ) {
        self.id = id
        self.subject = subject
        self.list = list
        self.action = action
        self.purpose = purpose
        self.explanation = explanation
        self.from = from
        self.to = to
        self.applied = applied
        self.agencies = agencies
        self.decision = decision
        self.decided = decided
        self.decidedBy = decidedBy
        self.reason = reason
    }

    /// Whether the permit is in force on `day`: granted on or before it, and `day` inside its window. A grant
    /// does not reach back: days of the window before the decision stay as they were answered.
    public func covers(_ day: Day) -> Bool {
        decision == .granted && from <= day && day <= to && (decided.map { $0 <= day } ?? false)
    }

    /// How far ahead of the application a window may start, in days.
    public static let maxLeadDays = 90

    /// Why `draft` may not be applied for on `day` by a subject rated `rating` that day, or `nil` when it
    /// may: the subject must be on the list, the action one the list's permits may lift, the window start
    /// today or later and last at most `permit_max_days`, and no application for the same list and action
    /// may be open. `earlier` are the subject's permits so far.
    public static func problem(applying draft: Permit, on day: Day, rating: Rating, earlier: [Permit], policy: Policy)
        -> ApplicationProblem?
    {
        guard let list = policy.list(draft.list) else {
            return .invalid(
                field: "list",
                "'\(draft.list)' is not a list of the policy; lists: \(policy.lists.map(\.id).joined(separator: ", "))")
        }
        guard !list.permits.isEmpty else {
            return .notAllowed("the list '\(list.id)' allows no permits under the policy in force")
        }
        guard list.permits.contains(draft.action) else {
            return .invalid(
                field: "action",
                "a permit for '\(list.id)' may lift \(list.permits.joined(separator: ", ")); not '\(draft.action)'")
        }
        guard rating.isListed(on: list.id) else {
            return .notAllowed("you are not on the list '\(list.id)' on \(day): nothing needs a permit")
        }
        guard draft.from >= day, draft.from <= day.adding(days: maxLeadDays) else {
            return .invalid(
                field: "from",
                "a permit's window starts between today (\(day)) and \(day.adding(days: maxLeadDays)), "
                    + "not \(draft.from)")
        }
        guard draft.to >= draft.from else {
            return .invalid(field: "to", "the window ends (\(draft.to)) before it starts (\(draft.from))")
        }
        let days = draft.to.days(since: draft.from) + 1
        guard days <= list.permitMaxDays else {
            return .invalid(
                field: "to",
                "one permit for '\(list.id)' covers at most \(list.permitMaxDays) days; "
                    + "\(draft.from) to \(draft.to) is \(days)")
        }
        if let open = earlier.first(where: { $0.decision == nil && $0.list == draft.list && $0.action == draft.action })
        {
            return .conflict("permit application \(open.id) for \(open.action) on '\(open.list)' is still open")
        }
        return nil
    }

    /// The agencies whose records list the subject on `list` in `rating`: the ones that may decide.
    public static func deciders(of list: String, in rating: Rating) -> [String] {
        let records = rating.listings.first { $0.list.id == list }?.records ?? []
        return Array(Set(records.map(\.agency))).sorted()
    }

    /// The permit decided on `day` by `agency` for `reason`: refused when `agency` is not one of those that
    /// may decide, when it is decided already, when the day comes before the application, or when a refusal
    /// gives no reason. Every store applies it.
    public func deciding(_ decision: Decision, on day: Day, by agency: String, reason: String?) throws(StoreError)
        -> Permit
    {
        guard agencies.contains(agency) else { throw .notDecider("permit application \(id)") }
        guard self.decision == nil else { throw .alreadyDecidedApplication("permit application \(id)") }
        guard decision == .granted || !(reason ?? "").isEmpty else { throw .reasonRequired }
        guard day >= applied else {
            throw .dateBefore("the decision (\(day)) cannot come before the application (\(applied))")
        }
        var decided = self
        decided.decision = decision
        decided.decided = day
        decided.decidedBy = agency
        decided.reason = reason
        return decided
    }
}

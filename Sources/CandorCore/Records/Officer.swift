/// A person's role in an organisation, as an agency records it (SPEC §6, "Officers"): when the organisation
/// is on a list, its officers may not take the actions the list's `binds_officers` names, though they are
/// on no list and their score is their own.
public struct Officer: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable, CaseIterable {
        case legalRepresentative = "legal-representative"
        case principal
        case directlyResponsible = "directly-responsible"
        case actualController = "actual-controller"

        /// The role in words.
        public var title: String {
            switch self {
            case .legalRepresentative: "legal representative"
            case .principal: "principal"
            case .directlyResponsible: "directly responsible person"
            case .actualController: "actual controller"
            }
        }
    }

    /// The store's id; 0 before it is stored.
    public var id: Int64
    public var agency: String
    /// The agency's own reference; `(agency, reference)` identifies the role.
    public var reference: String
    public var organisation: SubjectID
    public var person: SubjectID
    public var role: Role
    public var started: Day
    /// The first day the person no longer holds the role; `nil` while they do.
    public var ended: Day?

    public init(
        id: Int64 = 0, agency: String, reference: String, organisation: SubjectID, person: SubjectID, role: Role,
        started: Day, ended: Day? = nil
    ) {
        self.id = id
        self.agency = agency
        self.reference = reference
        self.organisation = organisation
        self.person = person
        self.role = role
        self.started = started
        self.ended = ended
    }

    /// A stored role's name read back, or an error for a name no version of Candor writes.
    public static func role(_ text: String) throws -> Role {
        guard let role = Role(rawValue: text) else { throw CorruptRole(text: text) }
        return role
    }

    /// Whether the person holds the role on `day`: `started <= day` and (`ended` is empty or `day < ended`).
    public func holds(on day: Day) -> Bool { started <= day && (ended.map { day < $0 } ?? true) }

    /// The field at fault and why, or `nil` when `agency` may record this role under `policy` on `today`: an
    /// agency of the policy, a reference of 1 to 64 characters, an organisation and a person identified as
    /// such, a start that has happened and an end after it.
    public func problem(policy: Policy, today: Day) -> (field: String, message: Words)? {
        if let problem = SubmissionRules.textProblem(reference, limit: SubmissionRules.maxReference) {
            return ("reference", problem)
        }
        guard policy.agency(agency) != nil else {
            return (
                "agency",
                "'\(agency)' is not an agency of policy \(policy.id); known: \(policy.agencies.map(\.id).joined(separator: ", "))"
            )
        }
        guard organisation.type == .organization else {
            return ("organisation", "\(organisation.text) identifies a person; give the organisation's credit code")
        }
        guard person.type == .person else {
            return ("person", "\(person.text) identifies an organisation; give the person's identity number")
        }
        guard started <= today else {
            return ("started", "\(started) is after today (\(today)): a role is recorded once it has begun")
        }
        if let ended {
            guard ended > started else { return ("ended", "\(ended) is not after the role started (\(started))") }
            guard ended <= today else {
                return ("ended", "\(ended) is after today (\(today)): record the end once it has come")
            }
        }
        return nil
    }

    /// What a role submitted again means for the stored one.
    public enum Change: Sendable, Equatable {
        case unchanged
        /// The role ends on this day (added or corrected).
        case end(Day)
        case refused(String)
    }

    /// What the same `(agency, reference)` submitted again means for the stored role: only `ended` may be
    /// added or corrected; any other difference is refused.
    public static func change(stored: Officer, incoming: Officer) -> Change {
        var differences: [String] = []
        if stored.organisation != incoming.organisation { differences.append("organisation") }
        if stored.person != incoming.person { differences.append("person") }
        if stored.role != incoming.role { differences.append("role") }
        if stored.started != incoming.started { differences.append("started") }
        guard differences.isEmpty else {
            return .refused(
                "role \(stored.agency)/\(stored.reference) is already stored with another "
                    + differences.joined(separator: ", ") + "; only ended may change: end it and record a new role")
        }
        guard let ended = incoming.ended, ended != stored.ended else { return .unchanged }
        return .end(ended)
    }
}

/// An officer bound by an organisation's listing on a day: what a check of the person reports and what
/// their own explanation shows.
public struct Binding: Sendable, Equatable {
    public var organisation: SubjectID
    public var role: Officer.Role
    /// The agency's record of the role.
    public var agency: String
    public var reference: String
    public var list: PolicyList
    /// From when to when the binding holds at the latest: the listing's window within the role's term.
    public var since: Day
    public var until: Day
}

extension RatingEngine {
    /// The bindings of a person holding `roles` on `day`, given the listings of each organisation they hold
    /// a role in (`listings(organisation)`): one per role held that day and listing whose list binds
    /// officers.
    public func bindings(
        of roles: [Officer], on day: Day, listings: (SubjectID) -> [(list: PolicyList, since: Day, until: Day)]
    ) -> [Binding] {
        var bindings: [Binding] = []
        for role in roles where role.holds(on: day) {
            for listing in listings(role.organisation) where !listing.list.bindsOfficers.isEmpty {
                bindings.append(
                    Binding(
                        organisation: role.organisation, role: role.role, agency: role.agency,
                        reference: role.reference, list: listing.list, since: max(listing.since, role.started),
                        until: role.ended.map { min($0, listing.until) } ?? listing.until))
            }
        }
        return bindings.sorted {
            ($0.list.id, $0.organisation.text, $0.reference) < ($1.list.id, $1.organisation.text, $1.reference)
        }
    }
}

/// A stored role name that is not a role.
public struct CorruptRole: Error, CustomStringConvertible {
    public var text: String
    public var description: String { "the store holds a role '\(text)', which is not one" }
}

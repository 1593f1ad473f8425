import CandorCore
import Foundation

/// Officers of organisations (SPEC §6): agencies record who holds which role, and the standings bind each
/// officer by their organisations' listings.
extension Registry {
    /// Records roles for the agency of an agency key: each item is read, checked (`Officer.problem`) on
    /// today's date, and stored or refused with the field at fault. A decoded item is logged on its person,
    /// refused or not (a row that cannot be read names no one); the standings of the people recorded are
    /// current before this returns.
    public func submitOfficers(_ items: [Result<RawRow, RowProblem>], by caller: Caller) async throws
        -> SubmissionReport
    {
        let grant = try caller.grant(.agency)
        let (policy, day) = (policy, today())
        let accessor = caller.accessor("officer records")
        let (report, accepted) = try await submitted(
            items, by: grant, decode: OfficerDecoder(defaultAgency: grant.agency).decode, agency: \.agency,
            problem: { $0.problem(policy: policy, today: day) },
            refusal: { officer, field, _ in
                (
                    officer.person,
                    AccessNote(
                        accessor, action: "record role \(officer.agency)/\(officer.reference)",
                        answer: "refused: \(field)")
                )
            },
            store: { try await self.store.submitOfficers($0, at: self.clock(), accessor: accessor) })
        if !accepted.isEmpty { try await standings.refresh(accepted.map(\.person)) }
        return report
    }
}

extension SubmissionReport.Item {
    /// The item of a stored submission's outcome.
    init(index: Int, _ outcome: SubmissionOutcome) {
        switch outcome {
        case let .created(id): self.init(index: index, status: .created, record: id)
        case let .updated(id): self.init(index: index, status: .updated, record: id)
        case let .unchanged(id): self.init(index: index, status: .unchanged, record: id)
        case let .refused(reason): self.init(index: index, status: .refused, message: reason)
        }
    }
}

extension Registry {
    /// Records the end of one of the agency's roles on `day` (default today): the person no longer holds it
    /// from that day.
    public func endRole(reference: String, on day: Day?, by caller: Caller) async throws -> (Officer, updated: Bool) {
        let grant = try caller.grant(.agency)
        let agency = grant.agency ?? ""
        guard var role = try await store.officer(agency: agency, reference: reference) else {
            throw RegistryError.notFound("agency \(agency) has recorded no role '\(reference)'")
        }
        if role.ended != nil && day == nil { return (role, false) }  // ended already: nothing to record
        role.ended = day ?? today()
        if let (field, message) = role.problem(policy: policy, today: today()) {
            throw try await refuse(
                .invalid(code: "invalid-\(field)", field: field == "ended" ? "date" : field, message: message),
                on: role.person, by: caller, purpose: "officer records", action: "record role \(agency)/\(reference)")
        }
        let outcome = try await store.submitOfficers([role], at: clock(), accessor: caller.accessor("officer records"))
        try await standings.refresh([role.person])
        if case let .refused(reason) = outcome.first {
            throw RegistryError.conflict(code: "role-changed", message: Words(reason))
        }
        if case .updated = outcome.first { return (role, true) }
        return (role, false)
    }
}

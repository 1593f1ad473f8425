import Foundation

/// The officers of organisations (SPEC §6, "Officers"): roles submitted by agencies, idempotent on
/// `(agency, reference)`, each kept with its log entries.
public protocol OfficerStore: Sendable {
    /// Stores roles that passed `Officer.problem`, in one transaction with an entry on each person (a
    /// change: their checks may differ) and on each organisation: a new `(agency, reference)` is stored, the
    /// same again is a no-op, a new `ended` is recorded, any other change is refused (`Officer.change`). The
    /// outcomes are in the order of `officers`.
    func submitOfficers(_ officers: [Officer], at time: Date, accessor: Accessor) async throws
        -> [SubmissionOutcome]

    /// The role an agency recorded under `reference`.
    func officer(agency: String, reference: String) async throws -> Officer?

    /// Every role recorded, for the standings.
    func allRoles() async throws -> [Officer]
}

extension AccessNote {
    /// The log entries of a role submitted: one on the person, one on the organisation.
    public static func officerNotes(_ officer: Officer, outcome: SubmissionOutcome, by accessor: Accessor)
        -> [(SubjectID, AccessNote)]
    {
        let answer: String
        switch outcome {
        case .created: answer = "created"
        case .unchanged: answer = "unchanged"
        case .updated: answer = "ended \(officer.ended?.iso ?? "")"
        case .refused: answer = "refused: changed values"
        }
        let action = "record role \(officer.agency)/\(officer.reference)"
        var notices: [NoticeCause] = []
        switch outcome {
        case .created, .updated:
            notices.append(
                .roleRecorded(
                    agency: officer.agency, reference: officer.reference, organisation: officer.organisation.text,
                    role: officer.role, started: officer.started, ended: officer.ended))
        default: break
        }
        return [
            (officer.person, AccessNote(accessor, action: action, answer: answer, kind: .change, notices: notices)),
            (officer.organisation, AccessNote(accessor, action: action, answer: answer)),
        ]
    }
}

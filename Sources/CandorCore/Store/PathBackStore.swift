import Foundation

/// Repair applications and permits (SPEC §6), each applied for and decided with its log entry in one
/// transaction.
///
/// Whether an application may be made depends on the subject's whole file (their records, earlier
/// applications and, for a permit, the lists they are on), which another server may be changing: a store
/// reads the file inside the transaction that stores the application and hands it to `admit`, which
/// applies the rules (`Repair.problem`, `Permit.problem`) and throws `ApplicationProblem` to refuse.
public protocol PathBackStore: Sendable {
    /// Stores the repair application `admit` makes of the subject's file, and logs it, in one transaction.
    func applyForRepair(
        of subject: SubjectID, at time: Date, accessor: Accessor,
        admit: @escaping @Sendable (SubjectFile) throws(ApplicationProblem) -> Repair
    ) async throws -> Repair

    /// A repair application and the record it is about.
    func repair(id: Int64) async throws -> (repair: Repair, record: Record)?

    /// The undecided repair applications about an agency's records, oldest first.
    func openRepairs(agency: String) async throws -> [(repair: Repair, record: Record)]

    /// Decides a repair application (`Repair.deciding`) and logs it, in one transaction.
    func decideRepair(
        id: Int64, decision: Repair.Decision, on day: Day, reason: String?, at time: Date, accessor: Accessor
    ) async throws -> Repair

    /// Stores the permit application `admit` makes of the subject's file, and logs it, in one transaction.
    func applyForPermit(
        of subject: SubjectID, at time: Date, accessor: Accessor,
        admit: @escaping @Sendable (SubjectFile) throws(ApplicationProblem) -> Permit
    ) async throws -> Permit

    /// A permit application.
    func permit(id: Int64) async throws -> Permit?

    /// The undecided permit applications an agency may decide, oldest first.
    func openPermits(agency: String) async throws -> [Permit]

    /// Decides a permit application (`Permit.deciding`) for `agency` and logs it, in one transaction.
    func decidePermit(
        id: Int64, decision: Permit.Decision, on day: Day, by agency: String, reason: String?, at time: Date,
        accessor: Accessor
    ) async throws -> Permit

    /// The permits granted for a window that covers `day`: what the standings hold for checks.
    func grantedPermits(covering day: Day) async throws -> [Permit]
}

extension AccessNote {
    /// The log entry of a repair application.
    public static func repairApplied(_ repair: Repair, by accessor: Accessor) -> AccessNote {
        AccessNote(
            accessor, action: "apply to repair record \(repair.recordID)", answer: "applied", kind: .change,
            notices: [.repairApplied(repair: repair.id, record: repair.recordID, applied: repair.applied)])
    }

    /// The log entry of a repair decision.
    public static func repairDecided(_ repair: Repair, by accessor: Accessor) -> AccessNote {
        AccessNote(
            accessor, action: "decide repair application \(repair.id)", answer: repair.decision?.rawValue ?? "",
            kind: .change,
            notices: repair.decision.map {
                [.repairDecided(repair: repair.id, record: repair.recordID, decision: $0, on: repair.decided!)]
            } ?? [])
    }

    /// The log entry of a permit application.
    public static func permitApplied(_ permit: Permit, by accessor: Accessor) -> AccessNote {
        AccessNote(
            accessor, action: "apply for permit: \(permit.action) on \(permit.list)", answer: "applied", kind: .change,
            notices: [
                .permitApplied(
                    permit: permit.id, list: permit.list, action: permit.action, from: permit.from, to: permit.to)
            ])
    }

    /// The log entry of a permit decision.
    public static func permitDecided(_ permit: Permit, by accessor: Accessor) -> AccessNote {
        AccessNote(
            accessor, action: "decide permit application \(permit.id)", answer: permit.decision?.rawValue ?? "",
            kind: .change,
            notices: permit.decision.map {
                [
                    .permitDecided(
                        permit: permit.id, list: permit.list, action: permit.action, decision: $0, on: permit.decided!)
                ]
            } ?? [])
    }
}

extension SubjectFile {
    /// What `admit` makes of the file, a refusal thrown as `StoreError.inadmissible`: how every store runs
    /// the rules of an application inside its transaction.
    public func admitting<T>(_ admit: (SubjectFile) throws(ApplicationProblem) -> T) throws(StoreError) -> T {
        do { return try admit(self) } catch { throw .inadmissible(error) }
    }
}

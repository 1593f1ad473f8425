import CandorCore
import Foundation

/// The in-memory store's appeals, repair applications, permits and officers.
extension MemoryStore {
    // MARK: Appeals

    public func appealDispute(id: Int64, on day: Day, reason: String, at time: Date, accessor: Accessor)
        async throws -> Dispute
    {
        guard id >= 1, id <= disputes.count else { throw StoreError.unknownDispute(id) }
        let appealed = try disputes[Int(id) - 1].appealing(on: day, reason: reason)
        disputes[Int(id) - 1] = appealed
        let subject = records[Int(appealed.recordID) - 1].subject
        append(
            [(subject, AccessNote.appealOpened(appealed, by: accessor))],
            at: time)
        return appealed
    }

    public func decideAppeal(
        id: Int64, decision: Dispute.AppealDecision, on day: Day, reason: String, at time: Date, accessor: Accessor
    ) async throws -> Dispute {
        guard id >= 1, id <= disputes.count else { throw StoreError.unknownDispute(id) }
        let decided = try disputes[Int(id) - 1].deciding(decision, on: day, reason: reason)
        disputes[Int(id) - 1] = decided
        let index = Int(decided.recordID) - 1
        let subject = records[index].subject
        if decision == .overturned {
            records[index].retracted = records[index].retracted ?? day
            events[subject, default: []].append(
                RecordEvent(recordID: decided.recordID, kind: .retracted, day: day, recordedAt: time))
        }
        append(
            [
                (
                    subject,
                    AccessNote.appealDecided(decided, by: accessor)
                )
            ], at: time)
        return decided
    }

    public func openAppeals() async throws -> [(dispute: Dispute, record: Record)] {
        disputes.filter { $0.appeal != nil && $0.appeal?.decision == nil }
            .sorted { ($0.appeal!.opened, $0.id) < ($1.appeal!.opened, $1.id) }
            .map { ($0, records[Int($0.recordID) - 1]) }
    }

    // MARK: Repairs and permits

    public func applyForRepair(
        of subject: SubjectID, at time: Date, accessor: Accessor,
        admit: @escaping @Sendable (SubjectFile) throws(ApplicationProblem) -> Repair
    ) async throws -> Repair {
        var repair = try file(subject).admitting(admit)
        repair.id = Int64(repairs.count + 1)
        repairs.append(repair)
        append([(subject, .repairApplied(repair, by: accessor))], at: time)
        return repair
    }

    public func repair(id: Int64) async throws -> (repair: Repair, record: Record)? {
        guard id >= 1, id <= repairs.count else { return nil }
        return (repairs[Int(id) - 1], records[Int(repairs[Int(id) - 1].recordID) - 1])
    }

    public func openRepairs(agency: String) async throws -> [(repair: Repair, record: Record)] {
        repairs.filter { $0.decision == nil && records[Int($0.recordID) - 1].agency == agency }
            .map { ($0, records[Int($0.recordID) - 1]) }
    }

    public func decideRepair(
        id: Int64, decision: Repair.Decision, on day: Day, reason: String?, at time: Date, accessor: Accessor
    ) async throws -> Repair {
        guard id >= 1, id <= repairs.count else { throw StoreError.unknownApplication("repair application \(id)") }
        let decided = try repairs[Int(id) - 1].deciding(decision, on: day, reason: reason)
        repairs[Int(id) - 1] = decided
        append([(records[Int(decided.recordID) - 1].subject, .repairDecided(decided, by: accessor))], at: time)
        return decided
    }

    public func applyForPermit(
        of subject: SubjectID, at time: Date, accessor: Accessor,
        admit: @escaping @Sendable (SubjectFile) throws(ApplicationProblem) -> Permit
    ) async throws -> Permit {
        var permit = try file(subject).admitting(admit)
        permit.id = Int64(permits.count + 1)
        permits.append(permit)
        append([(subject, .permitApplied(permit, by: accessor))], at: time)
        return permit
    }

    public func permit(id: Int64) async throws -> Permit? {
        id >= 1 && id <= permits.count ? permits[Int(id) - 1] : nil
    }

    public func openPermits(agency: String) async throws -> [Permit] {
        permits.filter { $0.decision == nil && $0.agencies.contains(agency) }
    }

    public func decidePermit(
        id: Int64, decision: Permit.Decision, on day: Day, by agency: String, reason: String?, at time: Date,
        accessor: Accessor
    ) async throws -> Permit {
        guard id >= 1, id <= permits.count else { throw StoreError.unknownApplication("permit application \(id)") }
        let decided = try permits[Int(id) - 1].deciding(decision, on: day, by: agency, reason: reason)
        permits[Int(id) - 1] = decided
        append([(decided.subject, .permitDecided(decided, by: accessor))], at: time)
        return decided
    }

    public func grantedPermits(covering day: Day) async throws -> [Permit] { permits.filter { $0.covers(day) } }

    // MARK: Officers

    public func submitOfficers(_ incoming: [Officer], at time: Date, accessor: Accessor) async throws
        -> [SubmissionOutcome]
    {
        var notes: [(SubjectID?, AccessNote)] = []
        let outcomes = incoming.map { officer -> SubmissionOutcome in
            known.formUnion([officer.person, officer.organisation])
            let outcome: SubmissionOutcome
            if let index = officers.firstIndex(where: {
                $0.agency == officer.agency && $0.reference == officer.reference
            }) {
                switch Officer.change(stored: officers[index], incoming: officer) {
                case .unchanged: outcome = .unchanged(officers[index].id)
                case let .refused(reason): outcome = .refused(reason)
                case let .end(day):
                    officers[index].ended = day
                    outcome = .updated(officers[index].id)
                }
            } else {
                var stored = officer
                stored.id = Int64(officers.count + 1)
                officers.append(stored)
                outcome = .created(stored.id)
            }
            notes += AccessNote.officerNotes(officer, outcome: outcome, by: accessor).map { ($0.0, $0.1) }
            return outcome
        }
        append(notes, at: time)
        return outcomes
    }

    public func officer(agency: String, reference: String) async throws -> Officer? {
        officers.first { $0.agency == agency && $0.reference == reference }
    }

    public func allRoles() async throws -> [Officer] { officers }
}

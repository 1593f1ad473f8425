import CandorCore
import Foundation

/// Appeals (SPEC §6): within `appeal_days` of an upheld answer the subject may appeal once; a reviewer
/// decides — "overturned" retracts the record, "confirmed" ends the matter — and an appeal undecided past
/// `review_days` suspends the record until it is decided.
extension Registry {
    /// Appeals the upheld answer of one of the subject's own disputes, today, for `reason`.
    public func appeal(dispute id: Int64, reason: String, by caller: Caller) async throws -> (Dispute, Record) {
        let subject = try caller.ownSubject()
        let action = "appeal dispute \(id)"
        guard let (dispute, record) = try await store.dispute(id: id) else {
            throw RegistryError.notFound("you have no dispute \(id)")
        }
        guard record.subject == subject else {
            throw try await refuse(
                .notFound("you have no dispute \(id)"), on: record.subject, by: caller, purpose: "appeal",
                action: action, reason: "not the subject's dispute")
        }
        func refused(_ error: RegistryError) async throws -> RegistryError {
            try await refuse(error, on: subject, by: caller, purpose: "own file", action: action)
        }
        let reason = try await Self.writtenText(
            reason, limit: Dispute.maxReason, code: "invalid-reason", field: "reason",
            asking: "say in 1 to \(grouped(Dispute.maxReason)) characters why the answer is wrong",
            refused: refused)
        guard let deadline = dispute.appealDeadline(appealDays: policy.dueProcess.appealDays) else {
            throw try await refused(
                .conflict(code: "not-appealable", message: "only an answer upholding the record may be appealed"))
        }
        guard today() <= deadline else {
            throw try await refused(
                .conflict(code: "appeal-late", message: "the answer could be appealed until \(deadline)"))
        }
        do {
            let appealed = try await store.appealDispute(
                id: id, on: today(), reason: reason, at: clock(), accessor: caller.accessor("own file"))
            try await standings.refresh([subject])
            return (appealed, record)
        } catch StoreError.alreadyAppealed {
            throw try await refused(
                .conflict(code: "already-appealed", message: StoreError.alreadyAppealed(id).words))
        }
    }

    /// The appeals awaiting a decision, oldest first, with the subject's statements; each subject's log
    /// shows the read.
    public func openAppeals(by caller: Caller) async throws -> [(dispute: Dispute, record: Record)] {
        _ = try caller.grant(.reviewer)
        let appeals = try await store.openAppeals()
        var seen: Set<SubjectID> = []
        let notes = appeals.compactMap { _, record -> (SubjectID, AccessNote)? in
            guard seen.insert(record.subject).inserted else { return nil }
            return (
                record.subject,
                AccessNote(caller.accessor("appeal review"), action: "read open appeals", answer: "shown")
            )
        }
        if !notes.isEmpty { try await store.log(notes, at: clock()) }
        return appeals
    }

    /// Decides the appeal of dispute `id` today, with the reviewer's `reason`.
    public func decideAppeal(
        _ id: Int64, decision: Dispute.AppealDecision, reason: String, by caller: Caller
    ) async throws -> (Dispute, Record) {
        _ = try caller.grant(.reviewer)
        let action = "decide appeal of dispute \(id)"
        guard let (_, record) = try await store.dispute(id: id) else {
            throw RegistryError.notFound("there is no dispute \(id)")
        }
        func refused(_ error: RegistryError) async throws -> RegistryError {
            try await refuse(error, on: record.subject, by: caller, purpose: "appeal review", action: action)
        }
        let reason = try await Self.writtenText(
            reason, limit: Dispute.maxReason, code: "invalid-reason", field: "reason",
            asking: "a decision gives its reason in 1 to \(grouped(Dispute.maxReason)) characters",
            refused: refused)
        do {
            let decided = try await store.decideAppeal(
                id: id, decision: decision, on: today(), reason: reason, at: clock(),
                accessor: caller.accessor("appeal review"))
            try await standings.refresh([record.subject])
            if decision == .overturned { try await sendCorrections(for: record, change: .overturned, on: today()) }
            return (decided, record)
        } catch let error as StoreError {
            switch error {
            case .noAppeal: throw try await refused(.notFound("dispute \(id) has no appeal"))
            case .alreadyDecided:
                throw try await refused(.conflict(code: "already-decided", message: error.words))
            default: throw error
            }
        }
    }
}

import CandorCore
import Foundation

extension Registry {
    /// Opens a dispute on one of the subject's own records, today, for `reason` (1 to 2,000 characters) on
    /// `ground`: an identity-theft dispute names a police report and suspends the record at once. One
    /// dispute per record may be open at a time. An attempt on another subject's record is refused as if the
    /// record did not exist, and logged on the subject it is about.
    public func openDispute(
        record id: Int64, reason: String, ground: Dispute.Ground = .error, policeReport: String? = nil,
        by caller: Caller
    ) async throws -> (Dispute, Record) {
        let subject = try caller.ownSubject()
        let logged = "open dispute on record \(id)"
        let reason = try await Self.writtenText(
            reason, limit: Dispute.maxReason, code: "invalid-reason", field: "reason",
            asking: "say in 1 to \(grouped(Dispute.maxReason)) characters what is wrong with the record")
        let policeReport = policeReport?.trimmingCharacters(in: .whitespacesAndNewlines)
        if ground == .identityTheft {
            guard let policeReport, (1...200).contains(policeReport.count) else {
                throw RegistryError.invalid(
                    code: "invalid-police-report", field: "policeReport",
                    message: "a dispute on the ground of identity theft names the police report of the theft "
                        + "(its reference, up to 200 characters)")
            }
        }
        let record = try await ownRecord(id, of: subject, by: caller, purpose: "dispute", action: logged)
        do {
            let draft = Dispute(
                recordID: id, opened: today(), ground: ground, reason: reason,
                policeReport: ground == .identityTheft ? policeReport : nil)
            let dispute = try await store.openDispute(draft, at: clock(), accessor: caller.accessor("own file"))
            try await standings.refresh([record.subject])
            return (dispute, record)
        } catch StoreError.disputeOpen(let open) {
            throw try await refuse(
                .conflict(code: "dispute-open", message: StoreError.disputeOpen(open).words),
                on: subject, by: caller, purpose: "own file", action: logged)
        }
    }

    /// Answers a dispute about one of the agency's records on `date` (default today), which must fall
    /// between the day the dispute was opened and today, with the agency's `reason`. A dispute is answered
    /// once: a second answer, even one racing the first, is refused.
    public func answerDispute(
        _ id: Int64, answer: Dispute.Answer, reason: String, date: Day?, by caller: Caller
    ) async throws -> (Dispute, Record) {
        let grant = try caller.grant(.agency)
        let logged = "answer dispute \(id)"
        guard let (dispute, record) = try await store.dispute(id: id) else {
            throw RegistryError.notFound("there is no dispute \(id)")
        }
        func refused(_ error: RegistryError, reason: String? = nil) async throws -> RegistryError {
            try await refuse(
                error, on: record.subject, by: caller, purpose: "dispute answer", action: logged, reason: reason)
        }
        guard record.agency == grant.agency else {
            throw try await refused(
                .forbidden("dispute \(id) is about a record of another agency"), reason: "another agency's record")
        }
        guard dispute.answer == nil else {
            throw try await refused(.conflict(code: "already-answered", message: "dispute \(id) was answered already"))
        }
        let reason = try await Self.writtenText(
            reason, limit: Dispute.maxReason, code: "invalid-reason", field: "reason",
            asking: "an answer gives its reason in 1 to \(grouped(Dispute.maxReason)) characters: the subject "
                + "reads it",
            refused: { error in try await refused(error) })
        let day = date ?? today()
        guard dispute.opened <= day, day <= today() else {
            // A well-formed date outside the dispute's window conflicts with the registry's state: 409.
            throw try await refused(
                .conflict(
                    code: "invalid-date",
                    message: "an answer is dated from the day the dispute was opened (\(dispute.opened)) "
                        + "to today (\(today())), not \(day)", field: "date"))
        }
        do {
            let answered = try await store.answerDispute(
                id: id, answer: answer, on: day, reason: reason, at: clock(),
                accessor: caller.accessor("dispute answer"))
            try await standings.refresh([record.subject])
            if answer == .retracted { try await sendCorrections(for: record, change: .retracted, on: day) }
            return (answered, record)
        } catch StoreError.alreadyAnswered {
            throw try await refused(.conflict(code: "already-answered", message: "dispute \(id) was answered already"))
        }
    }

    /// The unanswered disputes about the agency's records, oldest first, each with the subject's statement
    /// on the record; the list names their subjects, so each subject's log shows the read.
    public func openDisputes(by caller: Caller) async throws
        -> [(dispute: Dispute, record: Record, statement: String?)]
    {
        let grant = try caller.grant(.agency)
        let disputes = try await store.openDisputes(agency: grant.agency ?? "")
        let statements = try await logReads(
            of: disputes.map(\.record.subject), by: caller, purpose: "dispute answer", action: "read open disputes")
        return disputes.map { ($0.dispute, $0.record, statements[$0.record.id]) }
    }

    /// The subject's own disputes with their records; the read is logged.
    public func disputes(by caller: Caller) async throws -> [(dispute: Dispute, record: Record)] {
        let subject = try caller.ownSubject()
        return try await access(subject, by: caller, purpose: "own file", action: "read disputes") { file in
            let records = Dictionary(uniqueKeysWithValues: file.records.map { ($0.id, $0) })
            return file.disputes.compactMap { dispute in records[dispute.recordID].map { (dispute, $0) } }
        }
    }
}

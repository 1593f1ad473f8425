import CandorCore
import Foundation

/// The path back (SPEC §6): a subject applies to repair a fulfilled record or for a permit while listed; the
/// agency behind the record or listing decides. The rules of an application run inside the store's
/// transaction (`Repair.problem`, `Permit.problem`); every application, decision and refusal is logged.
extension Registry {
    /// Applies today to repair one of the subject's own records, with their `commitment`.
    public func applyForRepair(record id: Int64, commitment: String, by caller: Caller) async throws
        -> (Repair, Record)
    {
        let subject = try caller.ownSubject()
        let action = "apply to repair record \(id)"
        func refused(_ error: RegistryError) async throws -> RegistryError {
            try await refuse(error, on: subject, by: caller, purpose: "own file", action: action)
        }
        let commitment = try await Self.writtenText(
            commitment, limit: Repair.maxCommitment, code: "invalid-commitment", field: "commitment",
            asking: "say in 1 to \(grouped(Repair.maxCommitment)) characters what you undertake so the agency can "
                + "repair the record", refused: refused)
        let record = try await ownRecord(id, of: subject, by: caller, purpose: "repair", action: action)
        let (day, policy) = (today(), policy)
        do {
            let repair = try await store.applyForRepair(of: subject, at: clock(), accessor: caller.accessor("own file"))
            { file throws(ApplicationProblem) in
                let earlier = file.repairs.filter { $0.recordID == id }
                let current = file.records.first { $0.id == id } ?? record
                if let problem = Repair.problem(applyingFor: current, on: day, earlier: earlier, policy: policy) {
                    throw problem
                }
                return Repair(recordID: id, applied: day, commitment: commitment)
            }
            try await standings.refresh([subject])
            return (repair, record)
        } catch let StoreError.inadmissible(problem) {
            throw try await refused(Self.registryError(problem, code: "repair"))
        }
    }

    /// The undecided repair applications about the agency's records, oldest first, each with the subject's
    /// statement on the record; each subject's log shows the read.
    public func openRepairs(by caller: Caller) async throws -> [(repair: Repair, record: Record, statement: String?)] {
        let grant = try caller.grant(.agency)
        let repairs = try await store.openRepairs(agency: grant.agency ?? "")
        let statements = try await logReads(
            of: repairs.map(\.record.subject), by: caller, purpose: "repair decision", action: "read open repairs")
        return repairs.map { ($0.repair, $0.record, statements[$0.record.id]) }
    }

    /// Decides a repair application about one of the agency's records today; a refusal gives its reason.
    public func decideRepair(_ id: Int64, decision: Repair.Decision, reason: String?, by caller: Caller)
        async throws -> (Repair, Record)
    {
        let grant = try caller.grant(.agency)
        let action = "decide repair application \(id)"
        guard let (_, record) = try await store.repair(id: id) else {
            throw RegistryError.notFound("there is no repair application \(id)")
        }
        func refused(_ error: RegistryError, reason: String? = nil) async throws -> RegistryError {
            try await refuse(
                error, on: record.subject, by: caller, purpose: "repair decision", action: action, reason: reason)
        }
        guard record.agency == grant.agency else {
            throw try await refused(
                .forbidden("repair application \(id) is about a record of another agency"),
                reason: "another agency's record")
        }
        let reason = try await decisionReason(reason, refused: { try await refused($0) })
        do {
            let decided = try await store.decideRepair(
                id: id, decision: decision, on: today(), reason: reason, at: clock(),
                accessor: caller.accessor("repair decision"))
            try await standings.refresh([record.subject])
            if decision == .granted { try await sendCorrections(for: record, change: .repaired, on: decided.decided!) }
            return (decided, record)
        } catch let error as StoreError {
            throw try await refused(try Self.decisionError(error))
        }
    }

    /// The subject's own repair applications with their records; the read is logged.
    public func repairs(by caller: Caller) async throws -> [(repair: Repair, record: Record)] {
        let subject = try caller.ownSubject()
        return try await access(subject, by: caller, purpose: "own file", action: "read repairs") { file in
            let records = Dictionary(uniqueKeysWithValues: file.records.map { ($0.id, $0) })
            return file.repairs.compactMap { repair in records[repair.recordID].map { (repair, $0) } }
        }
    }

    /// What a subject asks a permit for.
    public struct PermitRequest: Sendable {
        public var list, action: String
        public var purpose: Permit.Purpose
        public var explanation: String
        public var from, to: Day

        public init(list: String, action: String, purpose: Permit.Purpose, explanation: String, from: Day, to: Day) {
            (self.list, self.action, self.purpose, self.explanation) = (list, action, purpose, explanation)
            (self.from, self.to) = (from, to)
        }
    }

    /// Applies today for a permit to take one action a list the subject is on restricts.
    public func applyForPermit(_ request: PermitRequest, by caller: Caller) async throws -> Permit {
        let subject = try caller.ownSubject()
        let action = "apply for a permit"
        func refused(_ error: RegistryError) async throws -> RegistryError {
            try await refuse(error, on: subject, by: caller, purpose: "own file", action: action)
        }
        let explanation = try await Self.writtenText(
            request.explanation, limit: Permit.maxExplanation, code: "invalid-explanation", field: "explanation",
            asking: "say in 1 to \(Permit.maxExplanation) characters why you need the permit", refused: refused)
        let (day, policy, engine) = (today(), policy, engine)
        do {
            let permit = try await store.applyForPermit(of: subject, at: clock(), accessor: caller.accessor("own file"))
            { file throws(ApplicationProblem) in
                var draft = Permit(
                    subject: subject, list: request.list, action: request.action, purpose: request.purpose,
                    explanation: explanation, from: request.from, to: request.to, applied: day)
                let rating = engine.rate(file, asOf: day)
                if let problem = Permit.problem(
                    applying: draft, on: day, rating: rating, earlier: file.permits, policy: policy)
                {
                    throw problem
                }
                draft.agencies = Permit.deciders(of: request.list, in: rating)
                return draft
            }
            try await standings.refresh([subject])
            return permit
        } catch let StoreError.inadmissible(problem) {
            throw try await refused(Self.registryError(problem, code: "permit"))
        }
    }

    /// The undecided permit applications the agency may decide, oldest first; each subject's log shows the
    /// read.
    public func openPermits(by caller: Caller) async throws -> [Permit] {
        let grant = try caller.grant(.agency)
        let permits = try await store.openPermits(agency: grant.agency ?? "")
        _ = try await logReads(
            of: permits.map(\.subject), by: caller, purpose: "permit decision", action: "read open permits")
        return permits
    }

    /// Decides a permit application today, as one of the agencies whose records list the subject.
    public func decidePermit(_ id: Int64, decision: Permit.Decision, reason: String?, by caller: Caller)
        async throws -> Permit
    {
        let grant = try caller.grant(.agency)
        let action = "decide permit application \(id)"
        guard let permit = try await store.permit(id: id) else {
            throw RegistryError.notFound("there is no permit application \(id)")
        }
        func refused(_ error: RegistryError) async throws -> RegistryError {
            try await refuse(error, on: permit.subject, by: caller, purpose: "permit decision", action: action)
        }
        let reason = try await decisionReason(reason, refused: refused)
        do {
            let decided = try await store.decidePermit(
                id: id, decision: decision, on: today(), by: grant.agency ?? "", reason: reason, at: clock(),
                accessor: caller.accessor("permit decision"))
            try await standings.refresh([permit.subject])
            return decided
        } catch let error as StoreError {
            throw try await refused(try Self.decisionError(error))
        }
    }

    /// A store's refusal of a decision as the doors render it; any other store error is thrown on.
    static func decisionError(_ error: StoreError) throws -> RegistryError {
        switch error {
        case .alreadyDecidedApplication: .conflict(code: "already-decided", message: error.words)
        case .reasonRequired: .invalid(code: "invalid-reason", field: "reason", message: error.words)
        case .notDecider: .forbidden(error.words)
        default: throw error
        }
    }

    /// The subject's own permit applications; the read is logged.
    public func permits(by caller: Caller) async throws -> [Permit] {
        let subject = try caller.ownSubject()
        return try await access(subject, by: caller, purpose: "own file", action: "read permits") { $0.permits }
    }

    /// The reason of an agency's decision, 1 to 2,000 characters when given; whether a decision needs one is
    /// the decision's rule (`Repair.deciding`, `Permit.deciding`).
    private func decisionReason(_ reason: String?, refused: (RegistryError) async throws -> RegistryError)
        async throws -> String?
    {
        guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return try await Self.writtenText(
            reason, limit: Dispute.maxReason, code: "invalid-reason", field: "reason",
            asking: "a reason has 1 to \(grouped(Dispute.maxReason)) characters: the subject reads it", refused: refused
        )
    }

    /// Logs a read of these subjects' disputes or applications, once per subject, and returns the statements
    /// on their records.
    func logReads(of subjects: [SubjectID], by caller: Caller, purpose: String, action: String)
        async throws -> [Int64: String]
    {
        var seen: Set<SubjectID> = []
        var statements: [Int64: String] = [:]
        var notes: [(SubjectID, AccessNote)] = []
        for subject in subjects where seen.insert(subject).inserted {
            statements.merge(try await store.statements(of: subject)) { first, _ in first }
            notes.append((subject, AccessNote(caller.accessor(purpose), action: action, answer: "shown")))
        }
        if !notes.isEmpty { try await store.log(notes, at: clock()) }
        return statements
    }

    /// An inadmissible application as the doors render it: 409, the request being well formed (the API
    /// document says what is) but not admissible under the policy on this day — a field's problem with the
    /// field in its code (`invalid-from`: a window that starts in the past).
    static func registryError(_ problem: ApplicationProblem, code: String) -> RegistryError {
        switch problem {
        // A list the policy does not have is one the document does not allow either: 400.
        case let .invalid(field, message) where field == "list":
            .invalid(code: "invalid-list", field: field, message: message)
        case let .invalid(field, message): .conflict(code: "invalid-\(field)", message: message, field: field)
        case let .notAllowed(message): .conflict(code: "\(code)-not-allowed", message: message)
        case let .tooEarly(message): .conflict(code: "\(code)-too-early", message: message)
        case let .conflict(message): .conflict(code: "\(code)-open", message: message)
        }
    }
}

extension Registry {
    /// The agency's own records found by `query`: a subject's identifier (every record the agency holds on
    /// them) or one of the agency's references. Each subject's log shows the lookup.
    public func findOwnRecords(_ query: String, by caller: Caller) async throws -> [Record] {
        let grant = try caller.grant(.agency)
        let agency = grant.agency ?? ""
        let query = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if let subject = try? SubjectID(query) {
            return try await access(subject, by: caller, purpose: "record lookup", action: "find records") { file in
                file.records.filter { $0.agency == agency }
            }
        }
        guard let record = try await store.record(agency: agency, reference: query) else { return [] }
        try await store.log(
            [(record.subject, AccessNote(caller.accessor("record lookup"), action: "find records", answer: "shown"))],
            at: clock())
        return [record]
    }
}

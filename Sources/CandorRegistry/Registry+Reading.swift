import CandorCore
import Foundation

/// A subject's file as read through the registry: the rating on a day, the records and disputes it was
/// made from, and the display name.
public struct RatedFile: Sendable {
    public var rating: Rating
    public var file: SubjectFile
    public var name: String?
    /// The subject's statements on their records, by record id.
    public var statements: [Int64: String] = [:]
    /// The names of the organisations the subject holds roles in.
    public var organisationNames: [SubjectID: String] = [:]

    /// The rating explained, as every door shows it.
    public func explanation(policy: Policy) -> RatingExplanation {
        RatingExplanation(
            rating, name: name, policy: policy, statements: statements, organisationNames: organisationNames)
    }
}

/// The answer to a what-if: the rating now and under the hypothesis.
public struct WhatIfAnswer: Sendable {
    public var record: Int64
    public var change: Hypothesis
    public var before, after: Rating
}

extension Registry {
    /// Reads and rates a subject's file on `asOf` (default today), logged as `action`.
    ///
    /// A subject key reads its own file only; an auditor key reads any, stating a purpose (default "audit");
    /// the operator reads any. A refused read of a valid identifier is logged on it, without the purpose the
    /// caller stated.
    public func file(
        _ subjectText: String, purpose: String? = nil, action: String = "read file", by caller: Caller,
        asOf: Day? = nil
    ) async throws -> RatedFile {
        let subject = try Self.subject(subjectText)
        let stated: String
        switch caller {
        case let .key(grant) where grant.role == .subject && grant.subject == subject:
            stated = "own file"
        case let .key(grant) where grant.role == .auditor:
            stated = purpose ?? "audit"
        case .operator:
            stated = purpose ?? "operator"
        case .anonymous:
            throw RegistryError.unauthenticated
        case let .key(grant):
            throw try await refuse(
                .forbidden("only an auditor key, or the subject's own key, may read a subject's file"), on: subject,
                by: caller, purpose: "", action: action, reason: "\(grant.role.rawValue) key")
        }
        if let problem = SubmissionRules.textProblem(stated, limit: KeyGrant.maxPurpose) {
            throw try await refuse(
                .invalid(code: "invalid-purpose", field: "purpose", message: "the purpose \(problem)"), on: subject,
                by: caller, purpose: "", action: action)
        }
        return try await rated(subject, asOf: asOf ?? today(), by: caller, purpose: stated, action: action)
    }

    /// The subject key's own file, rated today, logged as `action` ("read rating", "read records", …).
    public func ownFile(action: String, by caller: Caller) async throws -> RatedFile {
        let subject = try caller.ownSubject()
        return try await rated(subject, asOf: today(), by: caller, purpose: "own file", action: action)
    }

    /// The subject key's own records and their change events, logged as "read records".
    public func ownRecords(by caller: Caller) async throws -> (records: [Record], events: [RecordEvent]) {
        let read = try await ownFile(action: "read records", by: caller)
        return (read.file.records, try await store.events(of: read.rating.subject))
    }

    func rated(_ subject: SubjectID, asOf day: Day, by caller: Caller, purpose: String, action: String)
        async throws -> RatedFile
    {
        let engine = engine
        let name = try await store.name(of: subject)
        let statements = try await store.statements(of: subject)
        var read = try await access(subject, by: caller, purpose: purpose, action: action) { file in
            RatedFile(
                rating: engine.rate(file, asOf: day), file: file,
                name: name, statements: statements)
        }
        for organisation in Set(read.file.roles.map(\.organisation)) {
            read.organisationNames[organisation] = try await store.name(of: organisation)
        }
        // The organisations whose listings bind the subject are shown with the file: their logs say so.
        let shown = Set(read.rating.bindings.map(\.organisation))
        if !shown.isEmpty {
            try await store.log(
                shown.map {
                    (
                        $0,
                        AccessNote(caller.accessor(purpose), action: "\(action) of an officer", answer: "binding shown")
                    )
                }, at: clock())
        }
        return read
    }

    /// What the subject's rating would be if one of their records were fulfilled today, or its effect over.
    /// Asking about a record that is not the subject's is refused, and logged as refused.
    public func whatIf(record id: Int64, change: Hypothesis, by caller: Caller) async throws -> WhatIfAnswer {
        let subject = try caller.ownSubject()
        let engine = engine
        let day = today()
        let accessor = caller.accessor("own file")
        let answer = try await store.access(subject, at: clock()) { file -> (WhatIfAnswer?, AccessNote) in
            let note = { (answer: String) in
                AccessNote(accessor, action: "what-if \(change.rawValue) record \(id)", answer: answer)
            }
            guard
                let after = engine.whatIf(file, recordID: id, hypothesis: change, asOf: day)
            else { return (nil, note("refused: not found")) }
            let before = engine.rate(file, asOf: day)
            return (WhatIfAnswer(record: id, change: change, before: before, after: after), note("shown"))
        }
        guard let answer else { throw RegistryError.notFound("you have no record \(id)") }
        return answer
    }

    /// Attaches the subject's statement (1 to 500 characters) to one of their records, replacing an earlier
    /// one; it is shown with the record in every later read. Another subject's record is refused as if it
    /// did not exist, and logged on the subject it is about.
    public func attachStatement(_ text: String, record id: Int64, by caller: Caller) async throws -> Record {
        let subject = try caller.ownSubject()
        let action = "attach statement to record \(id)"
        let record = try await ownRecord(id, of: subject, by: caller, purpose: "statement", action: action)
        let text = try await Self.writtenText(
            text, limit: RecordStatement.maxLength, code: "invalid-statement", field: "text",
            asking: "a statement says in 1 to \(RecordStatement.maxLength) characters what you want read with "
                + "the record",
            refused: { error in try await refuse(error, on: subject, by: caller, purpose: "own file", action: action) })
        try await store.setStatement(text, on: record, at: clock(), accessor: caller.accessor("own file"))
        return record
    }
}

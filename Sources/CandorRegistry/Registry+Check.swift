import CandorCore
import Foundation

extension Registry {
    /// A counter's question: may `subject` take `action`? Answered with the decision and its reasons only.
    ///
    /// A provider key may check the actions it was given, stating one of the purposes it was given; the
    /// operator may check anything, on any day (`asOf`). Every
    /// check of a valid identifier is logged on that subject before it is answered — the decision, or why
    /// it was refused: the key's rate, an action outside its scope, a purpose it was not given.
    public func check(
        _ subjectText: String, action: String, purpose: String?, by caller: Caller, asOf: Day? = nil
    ) async throws -> CheckDecision {
        let subject = try Self.subject(subjectText)
        let known = checkable.contains(action)
        // Only an action of the policy is written into the log: the caller's text is not.
        let logged = known ? "check \(action)" : "check an unknown action"
        var stated = purpose ?? ""
        if case let .key(grant) = caller {
            if let wait = rateLimiter.take(grant.id) {
                throw try await refuse(
                    .rateLimited(retryAfter: wait), on: subject, by: caller, purpose: "", action: logged)
            }
            guard grant.role == .provider else {
                throw try await refuse(
                    .forbidden("checks need a provider key; the key presented is \(grant.role.key)"), on: subject,
                    by: caller, purpose: "", action: logged)
            }
            if stated.first?.isWhitespace == true || stated.last?.isWhitespace == true {
                stated = stated.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard !stated.isEmpty else {
                throw try await refuse(
                    .invalid(
                        code: "purpose-required", field: "purpose",
                        message: "state the purpose of the check: one of \(Self.quoted(grant.purposes))"),
                    on: subject, by: caller, purpose: "", action: logged)
            }
        } else if stated.isEmpty {
            stated = "operator check"
        }
        guard known else {
            let known = policy.actions.map(\.id) + policy.privileges.map(\.id)
            throw try await refuse(
                .invalid(
                    code: "unknown-action", field: "action",
                    message: CheckError.unknownAction(action, known: known).words),
                on: subject, by: caller, purpose: "", action: logged)
        }
        if case let .key(grant) = caller {
            // The purpose the caller typed reaches the log only when it is one of the key's own.
            guard grant.purposes.contains(stated) else {
                throw try await refuse(
                    .forbidden("this key may check for \(Self.quoted(grant.purposes)) only"), on: subject,
                    by: caller, purpose: "", action: logged, reason: "purpose not allowed for this key")
            }
            guard grant.actions.contains(action) else {
                throw try await refuse(
                    .forbidden("this key may check \(grant.actions.joined(separator: ", ")); not '\(action)'"),
                    on: subject, by: caller, purpose: stated, action: logged, reason: "outside the key's scope")
            }
        } else if let problem = SubmissionRules.textProblem(stated, limit: KeyGrant.maxPurpose) {
            throw RegistryError.invalid(code: "invalid-purpose", field: "purpose", message: "the purpose \(problem)")
        }
        let accessor = caller.accessor(stated)
        let counter = if case let .key(grant) = caller { grant.label } else { "The registry's operator" }
        let key: String? = if case let .key(grant) = caller { grant.id } else { nil }
        let now = today()
        let day = asOf ?? now
        if day == now, let index = standings.current(for: day) {
            let decision = try index.check(subject, action: action)
            try await checkLog.append(
                subject, .check(decision, action: logged, counter: counter, key: key, by: accessor))
            try await logBindingsShown(decision, by: accessor)
            metrics.check(allowed: decision.allowed, action: action)
            return decision
        }
        let engine = engine
        let decision = try await store.access(subject, at: clock()) { file in
            let rating = engine.rate(file, asOf: day)
            let decision = try engine.check(rating, action: action)
            return (decision, .check(decision, action: logged, counter: counter, key: key, by: accessor))
        }
        try await logBindingsShown(decision, by: accessor)
        metrics.check(allowed: decision.allowed, action: action)
        return decision
    }

    /// A check that names an organisation's listing as binding its officer shows the organisation's data:
    /// each such organisation's log says so.
    func logBindingsShown(_ decision: CheckDecision, by accessor: Accessor) async throws {
        for reason in decision.reasons {
            guard case let .bound(binding) = reason else { continue }
            try await checkLog.append(
                binding.organisation,
                AccessNote(
                    accessor, action: "check \(decision.action) of an officer (\(binding.role.title))",
                    answer: "binding by \(binding.list.id) shown"))
        }
    }

    static func quoted(_ items: [String]) -> String { items.map { "'\($0)'" }.joined(separator: ", ") }
}

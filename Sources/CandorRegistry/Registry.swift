import CandorCore
import Foundation
import Logging

/// The registry's use cases: every operation on the registry — submit, check, read, dispute, review,
/// attest, keys, simulate, export — is one method here that decides authorization, validation, limits and
/// access logging, and returns a typed answer or a `RegistryError`.
///
/// The API controllers, the web pages and the CLI commands translate a request into one of these calls
/// and render what it returns; the stores persist what they are handed. A new rule goes here, once.
public struct Registry: Sendable {
    public let store: any ServiceStore
    public let policy: Policy
    public let engine: RatingEngine
    /// Signs attestations.
    public let signer: AttestationSigner
    /// Signs the access log's checkpoints: a key of its own, never the attestations'.
    public let logSigner: NoteSigner
    public let metrics: CandorMetrics
    public let limits: RegistryLimits
    /// The time now; a parameter so tests can fix it.
    public let clock: @Sendable () -> Date
    /// Today's date; a parameter so tests can fix it.
    public let today: @Sendable () -> Day
    let statistics: StatisticsCache
    /// Requests per key, against `limits.perKey`.
    public let rateLimiter: RateLimiter
    /// Requests without a key, per client address, against `limits.perAddress`.
    public let addressLimiter: RateLimiter
    /// Every subject's tier and lists for today, in memory, for checks.
    public let standings: Standings
    /// Appends check entries to the access log, many per transaction.
    let checkLog: AccessLogBatcher
    /// Keys found valid in the last second.
    public let keyCache: KeyCache
    /// The ids of the policy's actions and privileges: what a check may ask about.
    let checkable: Set<String>
    /// The newest checkpoint of the access log.
    let checkpoints: CheckpointCache
    let logger: Logger

    public init(
        store: any ServiceStore, policy: Policy, signer: AttestationSigner,
        logSigner: NoteSigner = try! NoteSigner(name: NoteSigner.defaultLogName),
        metrics: CandorMetrics = CandorMetrics(),
        limits: RegistryLimits = .default, clock: @escaping @Sendable () -> Date = { Date() },
        today: @escaping @Sendable () -> Day, logger: Logger = Logger(label: "candor")
    ) {
        self.store = store
        self.policy = policy
        self.engine = RatingEngine(policy: policy)
        self.signer = signer
        self.logSigner = logSigner
        self.checkpoints = CheckpointCache()
        self.logger = logger
        self.metrics = metrics
        self.limits = limits
        self.clock = clock
        self.today = today
        self.statistics = StatisticsCache()
        self.rateLimiter = RateLimiter(rate: limits.perKey)
        self.addressLimiter = RateLimiter(rate: limits.perAddress)
        self.standings = Standings(store: store, engine: engine, today: today, logger: logger)
        self.checkLog = AccessLogBatcher(store: store, clock: clock)
        self.keyCache = KeyCache(store: store)
        self.checkable = Set(policy.actions.map(\.id) + policy.privileges.map(\.id))
    }
}

extension Registry {
    /// Appends one entry on `subject` for a request that read nothing or was refused, and returns `error`
    /// so a caller can write `throw try await refuse(...)`.
    ///
    /// The entry's answer is `"refused: " + reason`, or the error's own short form when no reason is given.
    func refuse(
        _ error: RegistryError, on subject: SubjectID, by caller: Caller, purpose: String, action: String,
        reason: String? = nil
    ) async throws -> RegistryError {
        try await checkLog.append(
            subject,
            AccessNote(
                caller.accessor(purpose), action: action, answer: reason.map { "refused: \($0)" } ?? error.logAnswer))
        return error
    }

    /// One of the subject's own records. Another subject's record is refused as if it did not exist, and the
    /// attempt is logged on the subject it is about.
    func ownRecord(_ id: Int64, of subject: SubjectID, by caller: Caller, purpose: String, action: String)
        async throws -> Record
    {
        guard let record = try await store.record(id: id) else {
            throw RegistryError.notFound("you have no record \(id)")
        }
        guard record.subject == subject else {
            throw try await refuse(
                .notFound("you have no record \(id)"), on: record.subject, by: caller, purpose: purpose,
                action: action, reason: "not the subject's record")
        }
        return record
    }

    /// Reads a subject's file, answers from it with `body` and logs the access in the same transaction.
    func access<T: Sendable>(
        _ subject: SubjectID, by caller: Caller, purpose: String, action: String, answer: String = "shown",
        _ body: @escaping @Sendable (SubjectFile) throws -> T
    ) async throws -> T {
        try await store.access(subject, at: clock()) { file in
            (try body(file), AccessNote(caller.accessor(purpose), action: action, answer: answer))
        }
    }

    /// Text a person writes — a reason, a statement — trimmed of surrounding space: 1 to `limit` characters,
    /// line breaks allowed. Refused as `code` on `field`, the message (`asking`) saying what it is for, after
    /// `refused` (which logs the refusal where the door must) has seen the error.
    static func writtenText(
        _ text: String, limit: Int, code: String, field: String, asking: Words,
        refused: (RegistryError) async throws -> RegistryError = { $0 }
    ) async throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...limit).contains(trimmed.count) else {
            throw try await refused(
                .invalid(
                    code: code, field: field,
                    message: trimmed.isEmpty ? asking : asking + "; this one has \(grouped(trimmed.count))"))
        }
        return trimmed
    }

    /// Parses an identifier given at a door. Text that is not of an identifier's form (`SubjectID.hasForm`)
    /// is refused as invalid, with the field named; text of that form that is no valid identifier (a wrong
    /// check character or birth date, a letter where a resident number has a digit) names no one, and is
    /// not found — the API document gives the form as a pattern, and a request that matches it is well
    /// formed.
    static func subject(_ text: String, field: String = "subject") throws(RegistryError) -> SubjectID {
        do {
            return try SubjectID(text)
        } catch {
            guard SubjectID.hasForm(text) else {
                throw .invalid(code: "invalid-subject", field: field, message: error.words)
            }
            throw .notFound(error.words, field: field)
        }
    }
}

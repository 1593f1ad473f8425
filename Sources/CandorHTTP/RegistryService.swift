import CandorCore
import Crypto
import Foundation
import Logging

/// Limits the service enforces on every request.
public struct RegistryLimits: Sendable {
    /// The largest request body, in bytes.
    public var maxBodyBytes: Int
    /// The most records one submission may carry.
    public var maxBatch: Int
    /// Requests per key: beyond it, 429 with Retry-After.
    public var perKey: RateLimiter.Rate
    /// The longest a request may take, body included: beyond it, 408 and nothing is changed.
    public var requestTime: Duration
    /// How long a connection may stay open with nothing received before it is closed.
    public var idleTime: Duration
    /// The largest header block a request may send, and the most header fields: beyond either, 431.
    public var maxHeaderBytes: Int
    public var maxHeaderFields: Int

    public init(
        maxBodyBytes: Int, maxBatch: Int, perKey: RateLimiter.Rate = .init(perSecond: 200, burst: 400),
        requestTime: Duration = .seconds(60), idleTime: Duration = .seconds(60), maxHeaderBytes: Int = 16 << 10,
        maxHeaderFields: Int = 100
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxBatch = maxBatch
        self.perKey = perKey
        self.requestTime = requestTime
        self.idleTime = idleTime
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderFields = maxHeaderFields
    }

    public static let `default` = RegistryLimits(maxBodyBytes: 8 << 20, maxBatch: 10_000)
}

/// Everything a request handler needs, passed in once at the composition root.
public struct RegistryService: Sendable {
    public let store: any ServiceStore
    public let policy: Policy
    public let engine: RatingEngine
    public let signer: AttestationSigner
    public let metrics: CandorMetrics
    public let limits: RegistryLimits
    /// The time now; a parameter so tests can fix it.
    public let clock: @Sendable () -> Date
    /// Today's date; a parameter so tests can fix it.
    public let today: @Sendable () -> Day
    let statistics: StatisticsCache
    /// Requests per key, against `limits.perKey`.
    let rateLimiter: RateLimiter
    /// The secret that binds web forms to their session; new for every process.
    let formSecret: SymmetricKey
    /// Every subject's tier and lists for today, in memory, for checks.
    public let standings: Standings
    /// Appends check entries to the access log, many per transaction.
    let checkLog: AccessLogBatcher
    /// Keys found valid in the last second.
    let keyCache: KeyCache

    public init(
        store: any ServiceStore, policy: Policy, signer: AttestationSigner, metrics: CandorMetrics = CandorMetrics(),
        limits: RegistryLimits = .default, clock: @escaping @Sendable () -> Date = { Date() },
        today: @escaping @Sendable () -> Day, logger: Logger = Logger(label: "candor")
    ) {
        self.store = store
        self.policy = policy
        self.engine = RatingEngine(policy: policy)
        self.signer = signer
        self.metrics = metrics
        self.limits = limits
        self.clock = clock
        self.today = today
        self.statistics = StatisticsCache()
        self.rateLimiter = RateLimiter(rate: limits.perKey)
        self.formSecret = SymmetricKey(size: .bits256)
        self.standings = Standings(store: store, engine: engine, today: today, logger: logger)
        self.checkLog = AccessLogBatcher(store: store, clock: clock)
        self.keyCache = KeyCache(store: store)
    }
}

extension RegistryService {
    /// Submits records and logs each; the standings of their subjects are current before this returns.
    func submit(_ records: [Record], accessor: Accessor) async throws -> [SubmissionOutcome] {
        let outcomes = try await store.submit(records, at: clock(), accessor: accessor)
        let changed = zip(records, outcomes).compactMap { record, outcome -> SubjectID? in
            switch outcome {
            case .created, .updated: record.subject
            case .unchanged, .refused: nil
            }
        }
        try await standings.refresh(changed)
        return outcomes
    }

    /// Opens a dispute on a subject's record and logs it; the subject's standing is current before this returns.
    func openDispute(on record: Record, accessor: Accessor) async throws -> Dispute {
        let dispute = try await store.openDispute(recordID: record.id, on: today(), at: clock(), accessor: accessor)
        try await standings.refresh([record.subject])
        return dispute
    }

    /// Answers a dispute about `record` and logs it; the subject's standing is current before this returns.
    func answerDispute(_ id: Int64, about record: Record, answer: Dispute.Answer, on day: Day, accessor: Accessor)
        async throws -> Dispute
    {
        let dispute = try await store.answerDispute(id: id, answer: answer, on: day, at: clock(), accessor: accessor)
        try await standings.refresh([record.subject])
        return dispute
    }

    /// Decides a check on today's standing and logs it, decision and all, before answering; counts it.
    ///
    /// With the standings for today in memory, the decision comes from there and its log entry is
    /// committed with others waiting at the same moment; otherwise the subject's file is read and the
    /// entry written in the same transaction.
    func check(_ subject: SubjectID, action: String, accessor: Accessor, at time: Date) async throws -> CheckDecision {
        let day = today()
        if let index = standings.current(for: day) {
            let decision = try index.check(subject, action: action)
            try await checkLog.append(
                subject, AccessNote(accessor, action: "check \(action)", answer: decision.logAnswer))
            metrics.check(allowed: decision.allowed, action: action)
            return decision
        }
        let engine = engine
        let decision = try await store.access(subject, at: time) { file in
            let rating = engine.rate(subject, records: file.records, disputes: file.disputes, asOf: day)
            let decision = try engine.check(rating, action: action)
            return (decision, AccessNote(accessor, action: "check \(action)", answer: decision.logAnswer))
        }
        metrics.check(allowed: decision.allowed, action: action)
        return decision
    }
}

extension RegistryService {
    /// The access log's Merkle tree, one leaf per entry, and the entries.
    func accessTree() async throws -> (tree: MerkleTree, entries: [AccessEntry]) {
        var entries: [AccessEntry] = []
        while true {
            let page = try await store.accessLog(subject: nil, after: entries.last?.sequence ?? 0, limit: 10_000)
            guard !page.isEmpty else { break }
            entries += page
        }
        return (MerkleTree(accessLog: entries), entries)
    }
}

import CandorCore
import Foundation
import Logging
import ServiceLifecycle

/// The service's in-memory standings: every subject's tier and lists for today, so checks are answered
/// from memory.
///
/// Built when the service starts; kept current by re-rating a subject right after this server changes its
/// records or disputes (`refresh`), and by following the access log — every change to records and
/// disputes is logged, in commit order — for changes made by other servers or by `candor ingest`. When
/// the day turns, a new index is built; until an index for today is ready, `current` is `nil` and checks
/// read the store as before.
public final class Standings: Service, @unchecked Sendable {
    let store: any ServiceStore
    let engine: RatingEngine
    let today: @Sendable () -> Day
    let logger: Logger
    /// How often the access log is read for changes made elsewhere.
    let followInterval: Duration

    private let lock = NSLock()
    private var index: StandingIndex?
    private var building = false
    /// The last access log entry whose change the index reflects.
    private var cursor: Int64 = 0

    public init(
        store: any ServiceStore, engine: RatingEngine, today: @escaping @Sendable () -> Day, logger: Logger,
        followInterval: Duration = .milliseconds(50)
    ) {
        self.store = store
        self.engine = engine
        self.today = today
        self.logger = logger
        self.followInterval = followInterval
    }

    /// Whether an index for today is in memory.
    public var ready: Bool { current(for: today()) != nil }

    /// The index for `day`, or `nil` while none is ready for it.
    public func current(for day: Day) -> StandingIndex? {
        lock.withLock { index?.asOf == day ? index : nil }
    }

    /// Builds the index, then follows the access log until the service shuts down.
    public func run() async throws {
        try await build()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: followInterval)
            do {
                if lock.withLock({ index?.asOf }) != today() {
                    try await build()
                } else {
                    try await follow()
                }
            } catch is CancellationError {
                return
            } catch {
                logger.error("could not bring the standings up to date", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Rates every subject for today into a new index, which replaces the old one when complete.
    public func build() async throws {
        let claimed = lock.withLock { () -> Bool in
            if building { return false }
            building = true
            return true
        }
        guard claimed else { return }
        defer { lock.withLock { building = false } }
        let started = ContinuousClock.now
        let day = today()
        // Changes logged from here on are applied after the build, so none falls between the two.
        let start = try await store.lastAccessSequence()
        let columns = try await store.recordColumnsSavingLater()
        let index = StandingIndex(engine: engine, asOf: day)
        index.add(columns.rate(with: engine, asOf: day), of: columns)
        index.add(permits: try await store.grantedPermits(covering: day))
        index.add(roles: try await store.allRoles())
        lock.withLock {
            self.index = index
            cursor = max(cursor, start)
        }
        try await follow()
        logger.info(
            "standings ready",
            metadata: [
                "subjects": "\(index.count)", "as-of": "\(day)",
                "seconds": "\(String(format: "%.2f", (ContinuousClock.now - started) / .seconds(1)))",
            ])
    }

    /// Re-rates subjects whose records or disputes this server just changed.
    public func refresh(_ subjects: some Sequence<SubjectID>) async throws {
        guard let index = current(for: today()) else { return }
        for subject in Set(subjects) {
            let ticket = index.ticket()
            index.update(try await store.rating(of: subject, engine: engine, asOf: index.asOf), ticket: ticket)
        }
    }

    /// Applies the changes logged since the cursor.
    func follow() async throws {
        let from = lock.withLock { cursor }
        let last = try await store.lastAccessSequence()
        guard last > from else { return }
        try await refresh(try await store.subjectsChanged(after: from, through: last))
        lock.withLock { cursor = max(cursor, last) }
    }
}

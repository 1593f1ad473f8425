import CandorCore
import Dispatch
import Foundation
import Synchronization

/// Appends access log entries for many concurrent requests in one transaction: group commit.
///
/// Each caller waits until its entry is durably committed, as if it had written it alone; while one
/// transaction commits, the entries that arrive meanwhile gather for the next. Under load a single fsync
/// carries dozens of entries, and none is acknowledged before it is on disk.
///
/// A store that can write from a thread of its own (`BlockingLogStore`, SQLite) is written from one serial
/// queue: a check then waits for one wake-up of that queue and one resumption, not for an actor, a task
/// and the store's own asynchronous hand-off as well.
final class AccessLogBatcher: Sendable {
    private typealias Waiting = (entry: (SubjectID, AccessNote), waiter: CheckedContinuation<Void, any Error>)

    private let store: any ServiceStore
    /// The same store when it can write from the queue, found once.
    private let blocking: (any BlockingLogStore)?
    private let clock: @Sendable () -> Date
    private let pending = Mutex<(entries: [Waiting], writing: Bool)>(([], false))
    private let queue = DispatchQueue(label: "candor.check-log")

    init(store: any ServiceStore, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.blocking = store as? any BlockingLogStore
        self.clock = clock
    }

    /// Appends one entry; returns once it is committed, or throws the store's error.
    func append(_ subject: SubjectID, _ note: AccessNote) async throws {
        try await withCheckedThrowingContinuation { waiter in
            let start = pending.withLock { pending in
                pending.entries.append(((subject, note), waiter))
                defer { pending.writing = true }
                return !pending.writing
            }
            guard start else { return }
            if let store = blocking {
                queue.async { self.writeAll(to: store) }
            } else {
                Task { await self.writeAll() }
            }
        }
    }

    /// The entries gathered since the last batch, or nil (and no writer running) when there are none.
    private func nextBatch() -> [Waiting]? {
        pending.withLock { pending in
            guard !pending.entries.isEmpty else {
                pending.writing = false
                return nil
            }
            defer { pending.entries = [] }
            return pending.entries
        }
    }

    private func writeAll(to store: any BlockingLogStore) {
        while let batch = nextBatch() {
            finish(batch, with: Result { try store.logBlocking(batch.map(\.entry), at: clock()) })
        }
    }

    private func writeAll() async {
        while let batch = nextBatch() {
            let store = store
            let clock = clock
            let result: Result<Void, any Error>
            do {
                try await store.log(batch.map(\.entry), at: clock())
                result = .success(())
            } catch {
                result = .failure(error)
            }
            finish(batch, with: result)
        }
    }

    private func finish(_ batch: [Waiting], with result: Result<Void, any Error>) {
        for item in batch { item.waiter.resume(with: result) }
    }
}

import CandorCore
import Foundation

/// Appends access log entries for many concurrent requests in one transaction: group commit.
///
/// Each caller waits until its entry is durably committed, as if it had written it alone; while one
/// transaction commits, the entries that arrive meanwhile gather for the next. Under load a single fsync
/// carries dozens of entries, and none is acknowledged before it is on disk.
actor AccessLogBatcher {
    private let store: any ServiceStore
    private let clock: @Sendable () -> Date
    private var pending: [(entry: (SubjectID, AccessNote), waiter: CheckedContinuation<Void, any Error>)] = []
    private var writing = false

    init(store: any ServiceStore, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.clock = clock
    }

    /// Appends one entry; returns once it is committed, or throws the store's error.
    func append(_ subject: SubjectID, _ note: AccessNote) async throws {
        try await withCheckedThrowingContinuation { waiter in
            pending.append(((subject, note), waiter))
            if !writing {
                writing = true
                Task { await self.writeAll() }
            }
        }
    }

    private func writeAll() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await store.log(batch.map(\.entry), at: clock())
                for item in batch { item.waiter.resume() }
            } catch {
                for item in batch { item.waiter.resume(throwing: error) }
            }
        }
        writing = false
    }
}

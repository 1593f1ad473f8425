import Synchronization

/// Snapshot writes a server left to run after it started answering: one at a time, in the order they
/// were asked for, so a newer snapshot is never replaced by an older one; `finish()` waits for them all.
final class SnapshotWrites: Sendable {
    private let last = Mutex<Task<Void, Never>?>(nil)

    /// Runs `write` after every write asked for before it.
    func enqueue(_ write: @escaping @Sendable () -> Void) {
        last.withLock { last in
            let previous = last
            last = Task.detached(priority: .utility) {
                await previous?.value
                write()
            }
        }
    }

    /// Returns when every write asked for so far has finished.
    func finish() async {
        await last.withLock { $0 }?.value
    }
}

import Dispatch
import Foundation
import GRDB

/// Copies the write-ahead log into the database file from a connection of its own, twice a second, so
/// that no commit waits for a checkpoint.
///
/// SQLite's automatic checkpoint runs inside the commit that fills the log past 1,000 pages: every check
/// waiting on that commit waited for the copy and the database file's `fsync` too (hundreds of
/// milliseconds on a busy disk). Here the writer's automatic checkpoint is off; a passive checkpoint runs
/// beside the writer and never blocks it. Under continuous writes a passive checkpoint can never catch
/// the log's end, so the log could only grow: past `restartFrames`, right after a passive checkpoint
/// that copied every frame, a restarting one copies the few frames committed since and lets the log
/// start again. It waits for nothing: if the writer or a reader is busy it gives up until next time,
/// where waiting would hold every commit behind a reader (a restart may only begin once every reader
/// has left the log).
/// Durability is the commit's own (`synchronous = FULL` on the writer); the checkpoint syncs the
/// database file as well before the log is reused.
final class WALCheckpointer: @unchecked Sendable {
    private let connection: DatabaseQueue
    private let timer: DispatchSourceTimer
    static let interval = DispatchTimeInterval.milliseconds(500)
    /// 10,000 pages of 4 KiB: 40 MB of log.
    static let restartFrames = 10_000

    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "candor.checkpoint"
        configuration.busyMode = .immediateError
        connection = try DatabaseQueue(path: path, configuration: configuration)
        try connection.inDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "candor.checkpoint"))
        timer.schedule(deadline: .now() + Self.interval, repeating: Self.interval)
        timer.setEventHandler { [connection] in
            // A busy checkpoint (another process's, or a restart the writer or a reader stood in) is tried
            // again next time.
            try? connection.inDatabase { db in
                let (frames, copied) = try db.checkpoint(.passive)
                if frames >= Self.restartFrames, copied == frames { try db.checkpoint(.restart) }
            }
        }
        timer.resume()
    }

    /// Stops checkpointing; closing the registry's pool checkpoints what is left.
    func stop() {
        timer.cancel()
        try? connection.close()
    }
}

import CandorCore
import CandorRegistry
import Foundation
import GRDB

/// GRDB has a `Record` class of its own; in this module a record is always Candor's.
typealias Record = CandorCore.Record

/// The embedded registry: one SQLite file in WAL mode, written with `synchronous = FULL` so that every
/// acknowledged change survives a crash or a power loss.
///
/// Records are clustered by subject (the table's key starts with the subject), so reading one
/// subject's file touches a few pages and rating everyone is one sequential scan.
public final class SQLiteRegistry: RegistryStore {
    let pool: DatabasePool
    /// Copies the write-ahead log into the file beside the writer.
    let checkpointer: WALCheckpointer
    /// The file the registry lives in.
    public let path: String
    /// Indexes identifiers and seals identifiers, names and notes; its key is kept outside the file.
    let sealer: DataSealer
    /// Columns snapshots still being written for `recordColumnsSavingLater()`.
    let snapshotWrites = SnapshotWrites()
    /// The record columns a bulk load keeps, while one runs.
    let bulkLoad = BulkLoadColumns()

    /// Opens the registry at `path`, creating it and bringing its schema up to date as needed.
    /// - Throws: `DataKeyMismatch` when the registry was created under another data key.
    public init(path: String, sealer: DataSealer) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "candor"
        // Reading every file after a bulk load waits on one scattered page after another: more readers
        // keep more of those reads in flight (see `readColumnsFromEveryFile`).
        configuration.maximumReaderCount = 12
        self.path = path
        self.sealer = sealer
        self.pool = try DatabasePool(path: path, configuration: configuration)
        self.checkpointer = try WALCheckpointer(path: path)
        // DatabasePool chooses NORMAL when it enables WAL; a registry promises durability.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Subjects' keyed hashes and agencies' references arrive in no particular order: a large page
            // cache keeps the pages of their indexes in memory while a batch lands.
            try db.execute(sql: "PRAGMA cache_size = -1048576")
            // Checkpoints run beside the writer (`WALCheckpointer`), never inside a commit.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        try Self.migrator.migrate(pool)
        try pool.write { db in
            let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'data key'")
            if let stored, stored != sealer.fingerprint {
                throw DataKeyMismatch(registry: path, expected: stored, given: sealer.fingerprint)
            }
            if stored == nil {
                try db.execute(
                    sql: "INSERT INTO meta (key, value) VALUES ('data key', ?)", arguments: [sealer.fingerprint])
            }
            try self.coverLogTree(in: db)
            // Review comments written before they were sealed are sealed now, once the key is known to fit.
            for row in try Row.fetchAll(db, sql: "SELECT id, comment FROM review WHERE typeof(comment) = 'text'") {
                try db.execute(
                    sql: "UPDATE review SET comment = ? WHERE id = ?",
                    arguments: [sealer.seal(row[1] as String), row[0] as Int64])
            }
        }
    }

    /// Closes the registry's connections; call once, when nothing uses the registry any more.
    public func shutdown() async throws {
        await snapshotWrites.finish()
        checkpointer.stop()
        try pool.close()
    }

    /// The value of `PRAGMA synchronous` on the writing connection (2 is FULL).
    public func writerSynchronous() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// A value kept beside the data, such as who created the file.
    public func meta(_ key: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
        }
    }

    public func setMeta(_ key: String, _ value: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }

    public func counts() async throws -> StoreCounts {
        try await pool.read { db in
            let records = try Int.fetchOne(db, sql: "SELECT count(*) FROM record") ?? 0
            let subjects = try Int.fetchOne(db, sql: "SELECT count(*) FROM subject") ?? 0
            return StoreCounts(records: records, subjects: subjects)
        }
    }

    public func setNames(_ names: [SubjectID: String]) async throws {
        try await unlogged { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO subject (key, sealed_id, name) VALUES (?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET name = excluded.name
                    """)
            for (subject, name) in names {
                try statement.execute(arguments: [
                    self.sealer.index(of: subject), self.sealer.seal(subject.text), self.sealer.seal(name),
                ])
            }
        }
    }

    public func name(of subject: SubjectID) async throws -> String? {
        try await pool.read { db in
            try
                (Data.fetchOne(
                    db, sql: "SELECT name FROM subject WHERE key = ?", arguments: [sealer.index(of: subject)]))
                .map { try sealer.open($0) }
        }
    }
}

import CandorCore
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
    /// The file the registry lives in.
    public let path: String

    /// Opens the registry at `path`, creating it and bringing its schema up to date as needed.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "candor"
        self.path = path
        self.pool = try DatabasePool(path: path, configuration: configuration)
        // DatabasePool chooses NORMAL when it enables WAL; a registry promises durability.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Records and subjects arrive in no particular key order; a large page cache keeps the
            // clustered tables' inner pages in memory while a batch lands.
            try db.execute(sql: "PRAGMA cache_size = -262144")
        }
        try Self.migrator.migrate(pool)
    }

    /// Closes the registry's connections; call once, when nothing uses the registry any more.
    public func shutdown() async throws {
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
        try await pool.write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO subject (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name
                    """)
            for (subject, name) in names { try statement.execute(arguments: [subject.text, name]) }
        }
    }

    public func name(of subject: SubjectID) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT name FROM subject WHERE id = ?", arguments: [subject.text])
        }
    }
}

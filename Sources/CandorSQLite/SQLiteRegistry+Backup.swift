import CandorCore
import CandorRegistry
import Foundation
import GRDB

extension SQLiteRegistry {
    /// Copies the registry to a new file while it stays in use: SQLite's online backup, page by page,
    /// gives a consistent snapshot even while servers write.
    public func backup(to path: String) throws {
        let destination = try DatabaseQueue(path: path)
        try pool.backup(to: destination)
        // One self-contained file: without WAL, no reader of the copy (not even a read-only check) leaves
        // -wal and -shm files beside it. A registry opened on a restored copy turns WAL on again.
        try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try destination.close()
    }

    /// What is wrong with a backup file, or `nil` when it is a sound registry: SQLite's integrity check,
    /// a schema this version knows, the data key it was made under, and an access log whose chain verifies.
    public static func problem(withBackup path: String, sealer: DataSealer) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return "there is no file \(path)" }
        var configuration = Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            return "\(path) is not an SQLite database: \(error)"
        }
        defer { try? queue.close() }
        return try queue.read { db -> String? in
            do {
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard integrity == ["ok"] else {
                    return "the file is damaged: \(integrity.prefix(3).joined(separator: "; "))"
                }
                let applied = try migrator.appliedIdentifiers(db)
                let known = Set(migrator.migrations)
                guard !applied.isEmpty else { return "the file is not a Candor registry" }
                if let unknown = applied.first(where: { !known.contains($0) }) {
                    return "the file was written by a newer Candor (migration '\(unknown)')"
                }
                let key = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'data key'")
                if let key, key != sealer.fingerprint {
                    return
                        "the backup was made under another data key (fingerprint \(key), given \(sealer.fingerprint)); "
                        + "pass the key of the registry it was made from with --data-key"
                }
                var chain = AccessChainVerifier()
                var after: Int64 = 0
                while true {
                    let page = try Row.fetchAll(
                        db,
                        sql: "SELECT \(accessColumns) FROM access_log WHERE sequence > ? ORDER BY sequence LIMIT 10000",
                        arguments: [after]
                    ).map { try decodeAccess($0, sealer: sealer) }
                    guard let last = page.last else { break }
                    for entry in page {
                        if let reason = chain.check(entry) { return "access log entry \(entry.sequence): \(reason)" }
                    }
                    after = last.sequence
                }
                return nil
            } catch {
                return "the file cannot be read as a Candor registry: \(error)"
            }
        }
    }

    /// Restores a verified backup to `path`, which must not exist yet.
    public static func restore(backup: String, to path: String) throws {
        let source = try DatabaseQueue(
            path: backup,
            configuration: {
                var c = Configuration(); c.readonly = true; return c
            }())
        let destination = try DatabaseQueue(path: path)
        try source.backup(to: destination)
        try destination.close()
        try source.close()
    }
}

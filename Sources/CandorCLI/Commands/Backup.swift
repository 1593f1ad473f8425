import ArgumentParser
import CandorCore
import CandorSQLite
import Foundation

/// `candor backup FILE`: a consistent copy of the embedded registry, taken while it is in use.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the registry to a file while it stays in use.",
        discussion: """
            Uses SQLite's online backup, so servers may keep writing. The copy is verified before the command \
            reports success. Keep the signing key (--signing-key, by default beside --db) safe separately: it is \
            not in the database. For a PostgreSQL registry use pg_dump.
            """)

    @Argument(help: ArgumentHelp("The backup file to create.", valueName: "file"))
    var file: String

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        guard registry.postgres == nil else {
            throw CommandFailure("a PostgreSQL registry is backed up with PostgreSQL's own tools, such as pg_dump")
        }
        guard !FileManager.default.fileExists(atPath: file) else {
            throw CommandFailure("\(file) exists already; choose a new file so no backup is overwritten")
        }
        guard FileManager.default.fileExists(atPath: registry.db) else {
            throw CommandFailure("there is no registry at \(registry.db)")
        }
        let store = try SQLiteRegistry(path: registry.db)
        try store.backup(to: file)
        if let problem = try SQLiteRegistry.problem(withBackup: file) {
            throw CommandFailure("the backup at \(file) does not verify: \(problem)")
        }
        let counts = try await store.counts()
        print(
            "Backed up \(grouped(counts.records)) records of \(grouped(counts.subjects)) subjects to \(file); verified."
        )
    }
}

/// `candor restore FILE`: a verified backup made the registry again.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify a backup and restore it as the registry at --db.",
        discussion: """
            The backup must pass SQLite's integrity check, have a schema this version knows, and an access log \
            whose hash chain verifies. --db must not exist: restoring never overwrites a registry.
            """)

    @Argument(help: ArgumentHelp("The backup file.", valueName: "file"))
    var file: String

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        guard registry.postgres == nil else {
            throw CommandFailure("a PostgreSQL registry is restored with PostgreSQL's own tools, such as pg_restore")
        }
        if let problem = try SQLiteRegistry.problem(withBackup: file) {
            throw CommandFailure("\(file) cannot be restored: \(problem)")
        }
        guard !FileManager.default.fileExists(atPath: registry.db) else {
            throw CommandFailure("\(registry.db) exists; restore to a new --db path, then move it into place")
        }
        try SQLiteRegistry.restore(backup: file, to: registry.db)
        let counts = try await SQLiteRegistry(path: registry.db).counts()
        print("Restored \(grouped(counts.records)) records of \(grouped(counts.subjects)) subjects to \(registry.db).")
    }
}

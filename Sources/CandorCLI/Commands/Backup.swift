import ArgumentParser
import CandorCore
import CandorRegistry
import CandorSQLite
import Foundation

/// `candor backup FILE`: a consistent copy of the embedded registry, taken while it is in use.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the registry to a file while it stays in use.",
        discussion: """
            Uses SQLite's online backup, so servers may keep writing. The copy is verified before the command \
            reports success. The data key (--data-key) and the signing key (--signing-key), both beside --db \
            by default, are not in the database: keep them safe, and apart from the backups, for a backup \
            without its data key shows no one. For a PostgreSQL registry use pg_dump.
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
        let sealer = try registry.dataKeyFile.load(create: false)
        let store = try SQLiteRegistry(path: registry.db, sealer: sealer)
        try store.backup(to: file)
        if let problem = try SQLiteRegistry.problem(withBackup: file, sealer: sealer) {
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
            The backup must pass SQLite's integrity check, have a schema this version knows, be sealed under \
            the data key given with --data-key (the key of the registry it was made from), and have an access \
            log whose hash chain verifies. --db must not exist: restoring never overwrites a registry. The key \
            is copied beside the restored --db.
            """)

    @Argument(help: ArgumentHelp("The backup file.", valueName: "file"))
    var file: String

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        guard registry.postgres == nil else {
            throw CommandFailure("a PostgreSQL registry is restored with PostgreSQL's own tools, such as pg_restore")
        }
        guard registry.dataKey != nil else {
            throw CommandFailure(
                "pass --data-key with the key of the registry the backup was made from (such as candor.sqlite.data-key)"
            )
        }
        let sealer = try registry.dataKeyFile.load(create: false)
        if let problem = try SQLiteRegistry.problem(withBackup: file, sealer: sealer) {
            throw CommandFailure("\(file) cannot be restored: \(problem)")
        }
        guard !FileManager.default.fileExists(atPath: registry.db) else {
            throw CommandFailure("\(registry.db) exists; restore to a new --db path, then move it into place")
        }
        try SQLiteRegistry.restore(backup: file, to: registry.db)
        let besideRestored = registry.db + ".data-key"
        if !FileManager.default.fileExists(atPath: besideRestored) {
            try FileManager.default.copyItem(atPath: registry.dataKeyFile.path, toPath: besideRestored)
        }
        let counts = try await SQLiteRegistry(path: registry.db, sealer: sealer).counts()
        print("Restored \(grouped(counts.records)) records of \(grouped(counts.subjects)) subjects to \(registry.db).")
    }
}

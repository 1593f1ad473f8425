import CandorCore
import CandorRegistry
import Foundation
import Logging
import PostgresNIO

/// The shared registry on PostgreSQL: several Candor servers serve one city from it, and a national
/// deployment can move it to a distributed PostgreSQL-compatible engine (docs/scaling.md).
///
/// It implements the same store protocols as the embedded registry, table for table, with every table
/// that carries subject data keyed first by subject.
public final class PostgresRegistry: ServiceStore {
    let client: PostgresClient
    let logger: Logger
    /// The server and database this registry lives in.
    public let location: Location
    /// Seals identifiers, names, notes and comments, and keys every subject by a keyed hash.
    let sealer: DataSealer
    /// Gives up on transactions whose connection closed under them (a failover).
    let closedConnections = ClosedConnectionWatch()
    private let runner: Task<Void, Never>

    /// What the store needs to reach the database, read from a `postgres://user:password@host:port/db` URL.
    public struct Location: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String

        public init(url: String) throws {
            guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme),
                let host = components.host, !host.isEmpty, let username = components.user
            else {
                throw PostgresRegistryError.badURL(url)
            }
            self.host = host
            self.port = components.port ?? 5432
            self.username = username
            self.password = components.password
            let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            self.database = path.isEmpty ? username : path
        }
    }

    /// Connects, checks durability and the data key, and brings the schema up to date.
    /// - Parameters:
    ///   - sealer: the registry's data key; every server of one registry opens it with the same key.
    ///   - allowUnsafeDurability: start even when the server could lose an acknowledged record (`Durability`).
    /// - Throws: `DataKeyMismatch` when the registry was first opened with another data key.
    public init(
        url: String, sealer: DataSealer, allowUnsafeDurability: Bool = false,
        logger: Logger = Logger(label: "candor.postgres")
    ) async throws {
        self.sealer = sealer
        let location = try Location(url: url)
        self.location = location
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: .disable)
        configuration.options.maximumConnections = 8
        // The pool's own chatter (such as a lease requested a moment before its run loop starts) stays quiet.
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        self.logger = logger
        self.runner = Task { await client.run() }
        do {
            try await checkDurability(allowUnsafe: allowUnsafeDurability)
            try await migrate()
            try await checkDataKey()
            try await coverLogTree()
        } catch {
            runner.cancel()
            throw error
        }
    }

    /// Stops the connection pool.
    public func shutdown() async throws {
        runner.cancel()
    }

    deinit { runner.cancel() }

    /// Runs `body` in a transaction; an error thrown by `body` comes out as itself, not wrapped.
    ///
    /// A connection the server has closed (its primary died or was demoted) is not asked to roll back: the
    /// server ended the transaction with the connection, and PostgresNIO never answers a query written to a
    /// closed connection. For the same reason the transaction runs under `closedConnections`, which gives up
    /// on it if a statement was written just as the connection closed.
    func transaction<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result)
        async throws -> Result
    {
        try await withConnection { connection in
            try await connection.query("BEGIN", logger: self.logger)
            let value: Result
            do {
                value = try await body(connection)
            } catch {
                if !connection.isClosed { _ = try? await connection.query("ROLLBACK", logger: self.logger) }
                throw error
            }
            try await connection.query("COMMIT", logger: self.logger)
            return value
        }
    }

    /// Runs `body` on a connection of the pool, under `closedConnections`.
    func withConnection<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result)
        async throws -> Result
    {
        try await client.withConnection { connection in
            try await self.closedConnections.run(on: connection) { try await body(connection) }
        }
    }

    /// A transaction that changes records, subjects or disputes. It takes the access log head's row lock
    /// first: every such transaction appends to the log and would take that lock at its end anyway, and
    /// taking it at the start orders the writers, so two batches touching the same subjects in different
    /// orders cannot deadlock (the crash harness met that deadlock as a 500).
    func writeTransaction<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result)
        async throws -> Result
    {
        try await transaction { connection in
            for try await _ in try await connection.query("SELECT 1 FROM access_head FOR UPDATE", logger: self.logger) {
            }
            return try await body(connection)
        }
    }

    /// Refuses a server that could lose acknowledged records (`Durability.risks`).
    func checkDurability(allowUnsafe: Bool) async throws {
        var durability = Durability()
        let rows = try await self.query(
            """
            SELECT current_setting('fsync'), current_setting('synchronous_commit'),
                current_setting('synchronous_standby_names'), pg_is_in_recovery(),
                (SELECT count(*) FROM pg_stat_replication r WHERE r.state = 'streaming' AND NOT EXISTS (
                    SELECT 1 FROM pg_replication_slots s WHERE s.active_pid = r.pid AND s.slot_type = 'logical'))
            """, logger: logger)
        for try await (fsync, commit, standbyNames, recovery, standbys) in rows.decode(
            (String, String, String, Bool, Int64).self)
        {
            durability = Durability(
                fsync: fsync, synchronousCommit: commit, synchronousStandbyNames: standbyNames,
                inRecovery: recovery, standbys: Int(standbys))
        }
        let risks = durability.risks
        if !risks.isEmpty && !allowUnsafe {
            throw PostgresRegistryError.notDurable(risks)
        }
        if !risks.isEmpty {
            logger.warning("PostgreSQL could lose acknowledged records", metadata: ["risks": "\(risks)"])
        }
    }
}

/// What the start-up check reads of the server's durability, and the risks to acknowledged records in it.
///
/// An acknowledged commit must survive the loss of the server's power (`fsync`, `synchronous_commit`) and,
/// when the server has standbys, the loss of the server itself: a failover promotes a standby, so each
/// commit must be on a synchronous standby before it is acknowledged (Patroni's `synchronous_mode` sets
/// `synchronous_standby_names` and promotes only a synchronous standby).
public struct Durability: Sendable, Equatable {
    public var fsync: String
    public var synchronousCommit: String
    public var synchronousStandbyNames: String
    /// Whether the server is a standby (read-only) rather than a primary.
    public var inRecovery: Bool
    /// How many physical standbys stream from the server (a base backup or a logical subscriber is none).
    public var standbys: Int

    public init(
        fsync: String = "on", synchronousCommit: String = "on", synchronousStandbyNames: String = "",
        inRecovery: Bool = false, standbys: Int = 0
    ) {
        self.fsync = fsync
        self.synchronousCommit = synchronousCommit
        self.synchronousStandbyNames = synchronousStandbyNames
        self.inRecovery = inRecovery
        self.standbys = standbys
    }

    /// Each way these settings could lose an acknowledged record, said with what to change; none when safe.
    public var risks: [String] {
        var risks: [String] = []
        if fsync == "off" { risks.append("fsync off (turn it on)") }
        if synchronousCommit == "off" { risks.append("synchronous_commit off (turn it on)") }
        if inRecovery {
            risks.append(
                "the server is a standby, which takes no writes (connect to the primary, or to a proxy that routes "
                    + "to it)")
        }
        let replicated = !synchronousStandbyNames.trimmingCharacters(in: .whitespaces).isEmpty
        if standbys > 0 && !replicated {
            risks.append(
                "\(standbys) standby\(standbys == 1 ? "" : "s") without synchronous replication: a failover could "
                    + "promote one that lacks acknowledged commits (set synchronous_standby_names, or Patroni's "
                    + "synchronous_mode)")
        }
        if replicated && ["local", "remote_write"].contains(synchronousCommit) {
            risks.append(
                "synchronous_commit \(synchronousCommit) acknowledges a commit before the synchronous standby has "
                    + "it on disk (set it to on or remote_apply)")
        }
        return risks
    }
}

/// Why the PostgreSQL registry cannot be used.
public enum PostgresRegistryError: Error, CustomStringConvertible, Equatable {
    case badURL(String)
    case notDurable([String])

    public var description: String {
        switch self {
        case let .badURL(url):
            "'\(url)' is not a PostgreSQL URL; write it as postgres://user:password@host:5432/database"
        case let .notDurable(risks):
            "PostgreSQL could lose an acknowledged record: \(risks.joined(separator: "; ")); "
                + "or pass --allow-unsafe-durability to start anyway"
        }
    }
}

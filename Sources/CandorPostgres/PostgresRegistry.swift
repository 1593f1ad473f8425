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
    /// Seals identifiers, names, notes and comments, and keys every subject by a keyed hash.
    let sealer: DataSealer
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
    ///   - allowUnsafeDurability: start even when `fsync` or `synchronous_commit` is off.
    /// - Throws: `DataKeyMismatch` when the registry was first opened with another data key.
    public init(
        url: String, sealer: DataSealer, allowUnsafeDurability: Bool = false,
        logger: Logger = Logger(label: "candor.postgres")
    ) async throws {
        self.sealer = sealer
        let location = try Location(url: url)
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
    func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> sending Result) async throws
        -> Result
    {
        do {
            return try await client.withTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    /// A transaction that changes records, subjects or disputes. It takes the access log head's row lock
    /// first: every such transaction appends to the log and would take that lock at its end anyway, and
    /// taking it at the start orders the writers, so two batches touching the same subjects in different
    /// orders cannot deadlock (the crash harness met that deadlock as a 500).
    func writeTransaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> sending Result)
        async throws -> Result
    {
        try await transaction { connection in
            for try await _ in try await connection.query("SELECT 1 FROM access_head FOR UPDATE", logger: logger) {}
            return try await body(connection)
        }
    }

    /// Refuses a server that could lose acknowledged records: `fsync` and `synchronous_commit` must be on.
    func checkDurability(allowUnsafe: Bool) async throws {
        var settings: [String: String] = [:]
        for name in ["fsync", "synchronous_commit"] {
            let rows = try await client.query(PostgresQuery(unsafeSQL: "SHOW \(name)"), logger: logger)
            for try await value in rows.decode(String.self) { settings[name] = value }
        }
        let unsafe = settings.filter { $0.value == "off" }.keys.sorted()
        if !unsafe.isEmpty && !allowUnsafe {
            throw PostgresRegistryError.notDurable(unsafe)
        }
        if !unsafe.isEmpty {
            logger.warning("PostgreSQL runs without durability", metadata: ["off": "\(unsafe.joined(separator: ", "))"])
        }
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
        case let .notDurable(settings):
            "PostgreSQL has \(settings.joined(separator: " and ")) off, so an acknowledged record could be lost; "
                + "turn \(settings.count == 1 ? "it" : "them") on, or pass --allow-unsafe-durability to start anyway"
        }
    }
}

import CandorCore
import CandorPostgres
import CandorRegistry
import CandorSQLite
import Foundation
import Logging
import PostgresNIO
import Testing

/// The stores every conformance test runs against: the embedded SQLite registry and the in-memory store
/// always, and the PostgreSQL registry when `CANDOR_TEST_POSTGRES` names a server (`.ci/run` starts one).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres, memory

    var testDescription: String { rawValue }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["CANDOR_TEST_POSTGRES"] }

    /// The kinds to test here: PostgreSQL only when a server is configured. In CI one must be.
    static var available: [StoreKind] {
        if postgresURL == nil && ProcessInfo.processInfo.environment["CI"] != nil {
            return [.sqlite, .postgres, .memory]
        }
        return postgresURL == nil ? [.sqlite, .memory] : [.sqlite, .postgres, .memory]
    }

    /// Runs `body` with a fresh, empty store of this kind, and removes it afterwards.
    func withStore(_ body: (any ServiceStore, @escaping () async throws -> any ServiceStore) async throws -> Void)
        async throws
    {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "candor-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("registry.sqlite").path
            let sealer = DataSealer(dataKey: DataSealer.newDataKey())
            let store = try SQLiteRegistry(path: path, sealer: sealer)
            try await body(store) { try SQLiteRegistry(path: path, sealer: sealer) }
            try await store.shutdown()
        case .memory:
            let store = MemoryStore()
            try await body(store) { store }
        case .postgres:
            let admin = try #require(Self.postgresURL, "CI must set CANDOR_TEST_POSTGRES to a PostgreSQL server")
            let database = "candor_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await Self.administer(admin, "CREATE DATABASE \(database)")
            let url = Self.url(admin, database: database)
            let sealer = DataSealer(dataKey: DataSealer.newDataKey())
            do {
                let store = try await PostgresRegistry(url: url, sealer: sealer)
                try await body(store) { try await PostgresRegistry(url: url, sealer: sealer) }
                try await store.shutdown()
            } catch {
                try? await Self.administer(admin, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
                throw error
            }
            try await Self.administer(admin, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        }
    }

    /// The admin URL with another database.
    static func url(_ admin: String, database: String) -> String {
        var components = URLComponents(string: admin)!
        components.path = "/" + database
        return components.string!
    }

    /// Runs one statement on the admin connection.
    static func administer(_ admin: String, _ sql: String) async throws {
        let location = try PostgresRegistry.Location(url: admin)
        let client = PostgresClient(
            configuration: .init(
                host: location.host, port: location.port, username: location.username, password: location.password,
                database: location.database, tls: .disable))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
            group.cancelAll()
        }
    }
}

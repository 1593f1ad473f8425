import CandorCore
import Foundation
import Testing

@testable import CandorSQLite

/// Runs `body` with a registry in a fresh temporary folder, removed afterwards.
func withRegistry(_ body: (SQLiteRegistry, String) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("registry.sqlite").path
    try await body(try SQLiteRegistry(path: path), path)
}

/// What the SQLite registry promises beyond the store conformance suite (Tests/CandorStoreTests), which
/// runs every store's shared behaviour on it.
@Suite("SQLite registry")
struct SQLiteRegistryTests {
    @Test("the writer is durable: WAL with synchronous = FULL, also after reopening")
    func durability() async throws {
        try await withRegistry { store, path in
            let synchronous = try store.writerSynchronous()
            #expect(synchronous == 2)
            try await store.shutdown()
            let reopened = try SQLiteRegistry(path: path)
            #expect(try reopened.writerSynchronous() == 2)
        }
    }

    @Test("a backup verifies; a file that is not a registry does not")
    func backup() async throws {
        try await withRegistry { store, path in
            _ = try await store.submit(
                [
                    Record(
                        agency: "court", reference: "A1", subject: try SubjectID("11010519491231002X"),
                        kind: "court.default", occurred: Day(iso: "2026-01-01")!)
                ],
                at: Date(), accessor: Accessor(actor: "test", purpose: "test"))
            let copy = path + ".backup"
            try store.backup(to: copy)
            #expect(try SQLiteRegistry.problem(withBackup: copy) == nil)
            #expect(try SQLiteRegistry.problem(withBackup: path + ".missing") != nil)
        }
    }
}

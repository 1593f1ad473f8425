import CandorCore
import CandorPostgres
import Foundation
import Testing

/// What the PostgreSQL registry does when its database goes away under it (a failover), and which server
/// settings it refuses at start-up because they could lose an acknowledged record.
@Suite("PostgreSQL outages and durability")
struct PostgresOutageTests {
    @Test("settings that could lose an acknowledged record are each named, with what to change")
    func durabilityRisks() {
        #expect(Durability().risks.isEmpty)
        #expect(Durability(synchronousStandbyNames: "*", standbys: 2).risks.isEmpty)
        #expect(
            Durability(synchronousCommit: "remote_apply", synchronousStandbyNames: "pg2", standbys: 1).risks.isEmpty)
        // Patroni's strict synchronous mode names standbys before any streams.
        #expect(Durability(synchronousStandbyNames: "*").risks.isEmpty)

        let cases: [(Durability, String)] = [
            (Durability(fsync: "off"), "fsync off"),
            (Durability(synchronousCommit: "off"), "synchronous_commit off"),
            (Durability(inRecovery: true), "standby, which takes no writes"),
            (Durability(standbys: 1), "1 standby without synchronous replication"),
            (Durability(synchronousStandbyNames: "  ", standbys: 2), "2 standbys without synchronous replication"),
            (
                Durability(synchronousCommit: "local", synchronousStandbyNames: "pg2", standbys: 1),
                "synchronous_commit local"
            ),
            (
                Durability(synchronousCommit: "remote_write", synchronousStandbyNames: "pg2", standbys: 1),
                "synchronous_commit remote_write"
            ),
        ]
        for (durability, risk) in cases {
            #expect(durability.risks.count == 1, "\(durability)")
            #expect(durability.risks.first?.contains(risk) == true, "\(durability.risks)")
        }
        let error = PostgresRegistryError.notDurable(Durability(fsync: "off", standbys: 1).risks)
        #expect(error.description.contains("fsync off"))
        #expect(error.description.contains("without synchronous replication"))
        #expect(error.description.contains("--allow-unsafe-durability"))
    }

    /// A transaction whose connection the server closes between two statements is answered as an outage
    /// (PostgresNIO never answers a statement written to the closed connection: without the registry's watch
    /// this call waited for ever), and the registry serves again on new connections afterwards.
    @Test(
        "a transaction cut off by the server ends as an outage, and the next one succeeds",
        .enabled(if: StoreKind.available.contains(.postgres)), .timeLimit(.minutes(2)))
    func connectionClosedMidTransaction() async throws {
        try await StoreKind.postgres.withStore { store, _ in
            _ = try await store.submit([record("O1")], at: now)
            let admin = try #require(StoreKind.postgresURL)
            let database = try #require(store as? PostgresRegistry).location.database
            // While the transaction has read the file and not yet written its log entry, every other
            // connection to the database is terminated, as a dying primary ends them.
            let reading = DispatchSemaphore(value: 0)
            let terminated = DispatchSemaphore(value: 0)
            // psql on a thread of its own: the body below holds a thread of the task pool while it waits,
            // so the termination must not need one (on one CPU the pool has a single thread).
            DispatchQueue.global().async {
                reading.wait()
                let psql = Process()
                psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                psql.arguments = [
                    "psql", admin, "-q", "-c",
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '\(database)'",
                ]
                try? psql.run()
                psql.waitUntilExit()
                terminated.signal()
            }
            let accessor = Accessor(actor: "provider:office", purpose: "Ticket sale")
            do {
                _ = try await store.access(person, at: now) { file in
                    reading.signal()
                    // The body is synchronous: it waits here until the connection is gone.
                    terminated.wait()
                    return (file.records.count, AccessNote(accessor, action: "check", answer: "allowed"))
                }
                Issue.record("the transaction's connection was terminated, yet it committed")
            } catch let error as any StoreOutage {
                #expect(error.isOutage, "\(error)")
            }
            let again = try await store.access(person, at: now) { file in
                (file.records.count, AccessNote(accessor, action: "check", answer: "allowed"))
            }
            #expect(again == 1)
        }
    }
}

import CandorCore
import CandorRegistry
import CandorTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import CandorPostgres

/// What the PostgreSQL store holds at rest: no identifier, name, note or review comment in the clear, and
/// a registry written before sealing converted without losing anything.
@Suite("PostgreSQL at rest", .serialized, .enabled(if: StoreKind.available.contains(.postgres)))
struct PostgresSealingTests {
    static let secretNote = "paid in cash at the Demo City court office"
    static let secretComment = "the clerk at window 3 was rude"
    static let secretName = "Zhang Weiming"

    /// A fresh database for `body`, dropped afterwards.
    func withDatabase(_ body: (String) async throws -> Void) async throws {
        let admin = try #require(StoreKind.postgresURL)
        let database = "candor_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await StoreKind.administer(admin, "CREATE DATABASE \(database)")
        do {
            try await body(StoreKind.url(admin, database: database))
        } catch {
            try? await StoreKind.administer(admin, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
            throw error
        }
        try await StoreKind.administer(admin, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
    }

    /// The database dumped by pg_dump, as bytes.
    func dump(_ url: String) throws -> Data {
        let dumped = try Child.run("pg_dump", ["--no-owner", url])
        #expect(dumped.status == 0, "pg_dump is needed: apt-get install postgresql-client")
        return dumped.output
    }

    @Test("a dump of a used registry holds no identifier, name, note or comment; the key reads them back")
    func dumpHoldsNoIdentity() async throws {
        try await withDatabase { url in
            let sealer = DataSealer(dataKey: DataSealer.newDataKey())
            let store = try await PostgresRegistry(url: url, sealer: sealer)
            let registry = Registry(
                store: store, policy: .shipped, signer: AttestationSigner(), today: { Day(iso: "2026-11-26")! })
            let subjects = [person, company]
            let records = subjects.enumerated().map { index, subject in
                Record(
                    agency: "court", reference: "R\(index)", subject: subject, kind: "court.judgment-default",
                    occurred: Day(iso: "2026-01-0\(index + 1)")!, note: "\(Self.secretNote) #\(index)")
            }
            _ = try await store.submit(
                records, at: now, accessor: Accessor(actor: "agency:court", purpose: "submission"))
            try await store.setNames([person: Self.secretName])
            let provider = try await Registry.createKey(
                KeyRequest(role: .provider, actions: ["rail.high-speed"], purposes: ["Ticket sale"]), policy: .shipped,
                store: store, at: now, by: .operator(user: "test"))
            for subject in subjects {
                let key = try await Registry.createKey(
                    KeyRequest(role: .subject, subject: subject.text), policy: .shipped, store: store, at: now,
                    by: .operator(user: "test"))
                let caller = Caller.key(key.grant)
                let record = try #require(try await store.records(of: subject).first)
                _ = try await registry.openDispute(record: record.id, reason: "Not mine", by: caller)
                try await registry.review(agency: "court", stars: 2, comment: Self.secretComment, by: caller)
                _ = try await registry.check(
                    subject.text, action: "rail.high-speed", purpose: "Ticket sale", by: .key(provider.grant))
            }
            let raw = try dump(url)
            #expect(raw.count > 5_000)
            for subject in subjects { #expect(!raw.contains(bytes: subject.text), "\(subject) is in the dump") }
            for secret in [Self.secretName, Self.secretNote, Self.secretComment] {
                #expect(!raw.contains(bytes: secret), "'\(secret)' is in the dump")
            }
            #expect(raw.contains(bytes: "court.judgment-default"), "the search finds what is stored in the clear")

            #expect(try await store.name(of: person) == Self.secretName)
            #expect(try await store.records(of: person).first?.note == "\(Self.secretNote) #0")
            #expect(Set(try await store.keys().compactMap(\.subject)) == Set(subjects))
            let log = try await store.accessLog(subject: nil, after: 0, limit: 100)
            #expect(AccessEntry.firstBroken(in: log) == nil)
            #expect(log.contains { $0.subject == company })
            try await store.shutdown()

            await #expect(throws: DataKeyMismatch.self) {
                _ = try await PostgresRegistry(url: url, sealer: DataSealer(dataKey: DataSealer.newDataKey()))
            }
        }
    }

    @Test("a registry written before sealing is converted whole: files, names, notes, keys, reviews, the log")
    func legacyRegistryIsSealed() async throws {
        try await withDatabase { url in
            // The schema and rows of a registry at migration v4, written as that version wrote them.
            let legacy = PostgresRegistry.migrations.prefix { $0.name != PostgresRegistry.sealingMigration }
            #expect(legacy.count == 4)
            var statements = [
                "CREATE TABLE candor_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            ]
            for migration in legacy {
                statements += migration.sql
                statements.append("INSERT INTO candor_migration (name) VALUES ('\(migration.name)')")
            }
            let first = AccessEntry(
                sequence: 1, at: Date(timeIntervalSince1970: 1_790_000_000), subject: person, actor: "agency:court",
                purpose: "submission", action: "submit court/L1 (court.judgment-default)", answer: "created",
                previousHash: AccessEntry.genesis, kind: .change)
            let second = AccessEntry(
                sequence: 2, at: Date(timeIntervalSince1970: 1_790_000_000), subject: nil, actor: "operator:root",
                purpose: "export", action: "export ratings", answer: "shown", previousHash: first.hash, kind: .registry)
            statements += [
                "INSERT INTO subject (id, name) VALUES ('\(person.text)', '\(Self.secretName)'), ('\(company.text)', NULL)",
                """
                INSERT INTO record (subject, id, agency, reference, kind, occurred, note, received_at)
                VALUES ('\(person.text)', nextval('record_id'), 'court', 'L1', 'court.judgment-default', 20454,
                        '\(Self.secretNote)', 1790000000)
                """,
                "INSERT INTO dispute (subject, record_id, opened) VALUES ('\(person.text)', 1, 20460)",
                "INSERT INTO review (agency, subject, stars, comment, at) VALUES ('court', '\(person.text)', 2, '\(Self.secretComment)', 1790000000)",
                """
                INSERT INTO api_key (id, role, label, subject, secret_hash, created)
                VALUES ('0123456789ab', 'subject', 'subject', '\(person.text)', '\(String(repeating: "a", count: 64))', 1790000000)
                """,
            ]
            for entry in [first, second] {
                statements.append(
                    """
                    INSERT INTO access_log (sequence, subject, at_micros, actor, purpose, action, answer, previous_hash, hash, kind)
                    VALUES (\(entry.sequence), '\(entry.subject?.text ?? "")', 1790000000000000, '\(entry.actor)',
                            '\(entry.purpose)', '\(entry.action)', '\(entry.answer)', '\(entry.previousHash)', '\(entry.hash)',
                            '\(entry.kind.rawValue)')
                    """)
            }
            statements.append("UPDATE access_head SET sequence = 2, hash = '\(second.hash)'")
            for statement in statements { try await StoreKind.administer(url, statement) }

            let store = try await PostgresRegistry(url: url, sealer: DataSealer(dataKey: DataSealer.newDataKey()))
            let file = try await store.records(of: person)
            #expect(file.map(\.reference) == ["L1"])
            #expect(file.first?.note == Self.secretNote)
            #expect(try await store.disputes(of: person).count == 1)
            #expect(try await store.name(of: person) == Self.secretName)
            #expect(try await store.keys().first?.subject == person)
            #expect(try await store.agencyActivity().first { $0.agency == "court" }?.reviewStars == [2])
            let log = try await store.accessLog(subject: person, after: 0, limit: 10)
            #expect(log.map(\.sequence) == [1, 2], "the person's entry and the one about everyone")
            #expect(AccessEntry.firstBroken(in: log) == nil)
            #expect(try await store.counts() == StoreCounts(records: 1, subjects: 2))
            try await store.shutdown()
            let raw = try dump(url)
            for secret in [person.text, Self.secretName, Self.secretNote, Self.secretComment] {
                #expect(!raw.contains(bytes: secret), "'\(secret)' is still in the dump")
            }
        }
    }
}

extension Data {
    /// Whether the UTF-8 bytes of `text` occur anywhere in the data.
    func contains(bytes text: String) -> Bool { range(of: Data(text.utf8)) != nil }
}

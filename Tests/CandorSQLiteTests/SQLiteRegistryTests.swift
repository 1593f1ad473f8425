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

let person = try! SubjectID("11010519491231002X")
let company = try! SubjectID("91350100M000100Y43")
let now = Date(timeIntervalSince1970: 1_790_000_000)

func record(
    _ reference: String, subject: SubjectID = person, kind: String = "court.default", occurred: String = "2026-01-01",
    fulfilled: String? = nil, retracted: String? = nil, note: String? = nil
) -> CandorCore.Record {
    CandorCore.Record(
        agency: "court", reference: reference, subject: subject, kind: kind, occurred: Day(iso: occurred)!,
        amount: 1000, note: note, fulfilled: fulfilled.flatMap { Day(iso: $0) },
        retracted: retracted.flatMap { Day(iso: $0) })
}

@Suite("SQLite registry")
struct SQLiteRegistryTests {
    @Test("the writer is durable: WAL with synchronous = FULL")
    func durability() async throws {
        try await withRegistry { store, _ in
            let synchronous = try store.writerSynchronous()
            #expect(synchronous == 2)
        }
    }

    @Test("a submission is idempotent on (agency, reference); dates may change, nothing else")
    func idempotency() async throws {
        try await withRegistry { store, _ in
            let first = try await store.submit([record("A1"), record("A2", subject: company)], at: now)
            #expect(first == [.created(1), .created(2)])
            #expect(
                try await store.submit([record("A1"), record("A2", subject: company)], at: now) == [
                    .unchanged(1), .unchanged(2),
                ])

            #expect(try await store.submit([record("A1", fulfilled: "2026-02-01")], at: now) == [.updated(1)])
            #expect(
                try await store.submit([record("A1")], at: now) == [.unchanged(1)], "omitting a known date keeps it")
            let stored = try await store.record(agency: "court", reference: "A1")
            #expect(stored?.fulfilled == Day(iso: "2026-02-01"))

            let refused = try await store.submit([record("A1", occurred: "2026-01-02"), record("A3")], at: now)
            guard case let .refused(reason) = refused[0] else {
                Issue.record("a changed occurred date must be refused")
                return
            }
            #expect(reason.contains("occurred"))
            #expect(refused[1] == .created(3), "a refusal does not stop the batch")
            #expect(try await store.counts() == StoreCounts(records: 3, subjects: 2))

            let events = try await store.events(of: person)
            #expect(events.map(\.kind) == [.fulfilled])
            #expect(events.first?.day == Day(iso: "2026-02-01"))
            #expect(events.first?.recordedAt == now)
        }
    }

    @Test("records survive closing and reopening the file")
    func reopen() async throws {
        try await withRegistry { store, path in
            _ = try await store.submit([record("A1", note: "kept")], at: now)
            let reopened = try SQLiteRegistry(path: path)
            let records = try await reopened.records(of: person)
            #expect(records.map(\.reference) == ["A1"])
            #expect(records.first?.note == "kept")
            #expect(records.first?.amount == 1000)
        }
    }

    @Test("paging through subject files returns every known subject once, with all of its records")
    func paging() async throws {
        try await withRegistry { store, _ in
            var random = SeededRandom(seed: 9)
            var expected: [String: Int] = [:]
            var batch: [CandorCore.Record] = []
            for index in 0..<60 {
                let id = try SubjectID(
                    ResidentIdentityNumber.make(
                        region: 310_101, born: Day(iso: "1980-01-01")!.adding(days: index),
                        sequence: index))
                let count = random.int(in: 0...5)
                expected[id.text] = count
                if count == 0 {
                    try await store.setNames([id: "Name \(index)"])
                }
                for number in 0..<count { batch.append(record("R\(index)-\(number)", subject: id)) }
            }
            _ = try await store.submit(batch, at: now)
            var seen: [String: Int] = [:]
            var after: SubjectID?
            while true {
                let files = try await store.subjectFiles(after: after, limit: 7)
                guard let last = files.last else { break }
                #expect(files.count <= 7)
                for file in files {
                    #expect(seen[file.subject.text] == nil)
                    seen[file.subject.text] = file.records.count
                    #expect(file.records.allSatisfy { $0.subject == file.subject })
                }
                after = last.subject
            }
            #expect(seen == expected)
        }
    }

    @Test("disputes are opened and answered as events; a retracted answer retracts the record")
    func disputes() async throws {
        try await withRegistry { store, _ in
            _ = try await store.submit([record("A1"), record("A2")], at: now)
            let opened = try await store.openDispute(recordID: 1, on: Day(iso: "2026-01-05")!, at: now)
            #expect(opened.answer == nil)
            let upheld = try await store.answerDispute(
                id: opened.id, answer: .upheld, on: Day(iso: "2026-01-20")!, at: now)
            #expect(upheld.answered == Day(iso: "2026-01-20"))
            await #expect(throws: StoreError.alreadyAnswered(opened.id)) {
                try await store.answerDispute(id: opened.id, answer: .retracted, on: Day(iso: "2026-01-21")!, at: now)
            }
            await #expect(throws: StoreError.unknownRecord(99)) {
                try await store.openDispute(recordID: 99, on: Day(iso: "2026-01-05")!, at: now)
            }
            let second = try await store.openDispute(recordID: 2, on: Day(iso: "2026-01-06")!, at: now)
            await #expect(throws: StoreError.self) {
                try await store.answerDispute(id: second.id, answer: .upheld, on: Day(iso: "2026-01-01")!, at: now)
            }
            _ = try await store.answerDispute(id: second.id, answer: .retracted, on: Day(iso: "2026-01-08")!, at: now)
            let records = try await store.records(of: person)
            #expect(records.first { $0.id == 2 }?.retracted == Day(iso: "2026-01-08"))
            #expect(try await store.disputes(of: person).count == 2)
            let kinds = try await store.events(of: person).map(\.kind)
            #expect(kinds == [.disputeOpened, .disputeAnswered, .disputeOpened, .disputeAnswered, .retracted])
        }
    }

    @Test("a rating from the store equals the engine's rating of the same records and disputes")
    func rating() async throws {
        try await withRegistry { store, _ in
            let policy = Policy.shipped
            let engine = RatingEngine(policy: policy)
            _ = try await store.submit(
                [
                    record("A1", kind: "court.judgment-default", occurred: "2026-01-01"),
                    record("A2", kind: "court.judgment-default", occurred: "2026-03-01"),
                ], at: now)
            let dispute = try await store.openDispute(recordID: 2, on: Day(iso: "2026-03-02")!, at: now)
            let asOf = Day(iso: "2026-06-01")!
            let rating = try await store.rating(of: person, engine: engine, asOf: asOf)
            let direct = engine.rate(
                person, records: try await store.records(of: person), disputes: [dispute], asOf: asOf)
            #expect(rating.score == direct.score)
            #expect(rating.score == 880, "one default counts; the other is suspended past its dispute deadline")
            #expect(rating.contributions.map(\.status) == [.counting, .suspended])
        }
    }
}

import CandorCore
import CandorSynthetic
import Foundation
import Testing

let person = try! SubjectID("11010519491231002X")
let company = try! SubjectID("91350100M000100Y43")
let now = Date(timeIntervalSince1970: 1_790_000_000)

func record(
    _ reference: String, subject: SubjectID = person, kind: String = "court.default", occurred: String = "2026-01-01",
    fulfilled: String? = nil, note: String? = nil
) -> Record {
    Record(
        agency: "court", reference: reference, subject: subject, kind: kind, occurred: Day(iso: occurred)!,
        amount: 1000, note: note, fulfilled: fulfilled.flatMap { Day(iso: $0) })
}

/// One suite, every store: the same inputs must give the same answers on SQLite and on PostgreSQL.
@Suite("Store conformance", .serialized)
struct StoreConformanceTests {
    @Test("submissions are idempotent on (agency, reference); only dates may change", arguments: StoreKind.available)
    func idempotency(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let first = try await store.submit([record("A1"), record("A2", subject: company)], at: now)
            guard case let .created(a1) = first[0], case let .created(a2) = first[1] else {
                Issue.record("both records are new: \(first)")
                return
            }
            #expect(
                try await store.submit([record("A1"), record("A2", subject: company)], at: now) == [
                    .unchanged(a1), .unchanged(a2),
                ])
            #expect(try await store.submit([record("A1", fulfilled: "2026-02-01")], at: now) == [.updated(a1)])
            #expect(try await store.submit([record("A1")], at: now) == [.unchanged(a1)])
            let refused = try await store.submit([record("A1", occurred: "2026-01-02"), record("A3")], at: now)
            guard case let .refused(reason) = refused[0] else {
                Issue.record("a changed occurred date is refused")
                return
            }
            #expect(reason.contains("occurred"))
            #expect(try await store.counts() == StoreCounts(records: 3, subjects: 2))
            #expect(try await store.record(agency: "court", reference: "A1")?.fulfilled == Day(iso: "2026-02-01"))
            let events = try await store.events(of: person)
            #expect(events.map(\.kind) == [.fulfilled])
            #expect(events.first?.recordedAt == now)
        }
    }

    @Test("a large batch (a bulk load) gives the same outcomes as record by record", arguments: StoreKind.available)
    func bulk(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let batch = (0..<100).map { index in
                record(
                    "B\(index)", subject: index % 2 == 0 ? person : company,
                    kind: index % 2 == 0 ? "court.default" : "court.fine",
                    note: index == 7 ? "tab\there, line\nbreak, back\\slash, quote \"" : nil)
            }
            let first = try await store.submit(batch, at: now)
            #expect(first.allSatisfy { if case .created = $0 { true } else { false } })
            let ids = first.map { outcome -> Int64 in if case let .created(id) = outcome { id } else { 0 } }
            #expect(Set(ids).count == 100)
            var again = batch
            for index in [3, 50, 99] { again[index].fulfilled = Day(iso: "2026-02-01") }
            again[10].occurred = Day(iso: "2026-01-05")!
            let second = try await store.submit(again, at: now)
            #expect(second.filter { if case .unchanged = $0 { true } else { false } }.count == 96)
            #expect([3, 50, 99].map { second[$0] } == [3, 50, 99].map { .updated(ids[$0]) })
            guard case .refused = second[10] else {
                Issue.record("a changed occurred date is refused in a bulk load too")
                return
            }
            let stored = try await store.record(agency: "court", reference: "B7")
            #expect(stored?.note == "tab\there, line\nbreak, back\\slash, quote \"")
            #expect(try await store.counts() == StoreCounts(records: 100, subjects: 2))
        }
    }

    @Test("what was stored is read back after reopening", arguments: StoreKind.available)
    func reopen(kind: StoreKind) async throws {
        try await kind.withStore { store, reopen in
            _ = try await store.submit([record("A1", note: "kept")], at: now)
            try await store.setNames([person: "Wang Fang"])
            let again = try await reopen()
            let records = try await again.records(of: person)
            #expect(records.map(\.reference) == ["A1"])
            #expect(records.first?.note == "kept")
            #expect(records.first?.amount == 1000)
            #expect(try await again.name(of: person) == "Wang Fang")
            try await again.shutdown()
        }
    }

    @Test("paging returns every known subject once, with all of its records", arguments: StoreKind.available)
    func paging(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            var random = SeededRandom(seed: 9)
            var expected: [String: Int] = [:]
            var batch: [Record] = []
            for index in 0..<40 {
                let id = try SubjectID(
                    ResidentIdentityNumber.make(
                        region: 310_101, born: Day(iso: "1980-01-01")!.adding(days: index), sequence: index))
                let count = random.int(in: 0...4)
                expected[id.text] = count
                if count == 0 { try await store.setNames([id: "Name \(index)"]) }
                for number in 0..<count { batch.append(record("R\(index)-\(number)", subject: id)) }
            }
            _ = try await store.submit(batch, at: now)
            var seen: [String: Int] = [:]
            var after: SubjectID?
            while true {
                let files = try await store.subjectFiles(after: after, limit: 7)
                guard let last = files.last else { break }
                for file in files {
                    #expect(seen[file.subject.text] == nil)
                    seen[file.subject.text] = file.records.count
                }
                after = last.subject
            }
            #expect(seen == expected)
        }
    }

    @Test("disputes: deadlines, answers, retraction, and ratings that follow them", arguments: StoreKind.available)
    func disputes(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let outcomes = try await store.submit(
                [
                    record("A1", kind: "court.judgment-default"),
                    record("A2", kind: "court.judgment-default", occurred: "2026-03-01"),
                ],
                at: now)
            guard case let .created(first) = outcomes[0], case let .created(second) = outcomes[1] else { return }
            let accessor = Accessor(actor: "subject:test", purpose: "own file")
            let opened = try await store.openDispute(
                recordID: second, on: Day(iso: "2026-03-02")!, at: now, accessor: accessor)
            let engine = RatingEngine(policy: .shipped)
            let rating = try await store.rating(of: person, engine: engine, asOf: Day(iso: "2026-06-01")!)
            #expect(rating.score == 880)
            #expect(rating.contributions.map(\.status) == [.counting, .suspended])
            #expect(try await store.openDisputes(agency: "court").map(\.dispute.id) == [opened.id])
            let upheld = try await store.answerDispute(
                id: opened.id, answer: .upheld, on: Day(iso: "2026-06-10")!, at: now, accessor: accessor)
            #expect(upheld.answered == Day(iso: "2026-06-10"))
            await #expect(throws: StoreError.alreadyAnswered(opened.id)) {
                try await store.answerDispute(id: opened.id, answer: .retracted, on: Day(iso: "2026-06-11")!, at: now)
            }
            let other = try await store.openDispute(recordID: first, on: Day(iso: "2026-01-05")!, at: now)
            _ = try await store.answerDispute(id: other.id, answer: .retracted, on: Day(iso: "2026-01-08")!, at: now)
            #expect(try await store.record(id: first)?.retracted == Day(iso: "2026-01-08"))
            let after = try await store.rating(of: person, engine: engine, asOf: Day(iso: "2026-06-10")!)
            #expect(after.score == 880)
            #expect(after.contributions.map(\.status) == [.retracted, .counting])
            // Grounds, reasons and police reports are kept, and read back wherever a dispute is read.
            let third = try await store.submit([record("A3", kind: "court.judgment-default")], at: now)
            guard case let .created(thirdID) = third[0] else { return }
            let theft = try await store.openDispute(
                Dispute(
                    recordID: thirdID, opened: Day(iso: "2026-06-12")!, ground: .identityTheft,
                    reason: "Someone used my name", policeReport: "PD-2026-17"), at: now, accessor: accessor)
            #expect(theft.ground == .identityTheft && theft.reason == "Someone used my name")
            #expect(try await store.openDisputes(agency: "court").map(\.dispute) == [theft])
            _ = try await store.answerDispute(
                id: theft.id, answer: .upheld, on: Day(iso: "2026-06-13")!, reason: "Signed in person", at: now,
                accessor: accessor)
            let read = try #require(try await store.dispute(id: theft.id)?.dispute)
            #expect(read.policeReport == "PD-2026-17" && read.answerReason == "Signed in person")
            #expect(try await store.disputes(of: person).last == read)
            #expect(read.appeal == nil)

            // An upheld answer is appealed once; the decision is kept, and "overturned" retracts the record.
            await #expect(throws: StoreError.notAppealable(other.id)) {
                try await store.appealDispute(
                    id: other.id, on: Day(iso: "2026-06-14")!, reason: "x", at: now, accessor: accessor)
            }
            let appealed = try await store.appealDispute(
                id: theft.id, on: Day(iso: "2026-06-14")!, reason: "The signature is not mine", at: now,
                accessor: accessor)
            #expect(appealed.appeal?.opened == Day(iso: "2026-06-14"))
            await #expect(throws: StoreError.alreadyAppealed(theft.id)) {
                try await store.appealDispute(
                    id: theft.id, on: Day(iso: "2026-06-15")!, reason: "x", at: now, accessor: accessor)
            }
            #expect(try await store.openAppeals().map(\.dispute.id) == [theft.id])
            let overturned = try await store.decideAppeal(
                id: theft.id, decision: .overturned, on: Day(iso: "2026-06-20")!, reason: "Forged signature",
                at: now, accessor: accessor)
            #expect(overturned.appeal?.decision == .overturned)
            #expect(try await store.openAppeals().isEmpty)
            #expect(try await store.record(id: thirdID)?.retracted == Day(iso: "2026-06-20"))
            let reread = try #require(try await store.dispute(id: theft.id)?.dispute.appeal)
            #expect(reread.reason == "The signature is not mine" && reread.decisionReason == "Forged signature")
            await #expect(throws: StoreError.alreadyDecided(theft.id)) {
                try await store.decideAppeal(
                    id: theft.id, decision: .confirmed, on: Day(iso: "2026-06-21")!, reason: "x", at: now,
                    accessor: accessor)
            }

            // A statement per record, replaced when written again, read back by subject.
            let statedRecord = try #require(try await store.record(id: thirdID))
            try await store.setStatement("Paid at the counter", on: statedRecord, at: now, accessor: accessor)
            try await store.setStatement("Paid in full at the counter", on: statedRecord, at: now, accessor: accessor)
            #expect(try await store.statements(of: person) == [thirdID: "Paid in full at the counter"])
            #expect(try await store.statements(of: company).isEmpty)

            // An attestation is kept, and its revocation is logged on its subject with it.
            let attestation = IssuedAttestation(
                id: "a1b2c3", subject: person, audience: "rail.example", issued: now,
                expires: now.addingTimeInterval(86_400), standing: "middle")
            try await store.addAttestation(attestation)
            let before = try await store.lastAccessSequence()
            try await store.revokeAttestation(
                attestation, at: now,
                logging: AccessNote(accessor, action: "revoke attestation a1b2c3", answer: "revoked"))
            #expect(try await store.attestation(id: "a1b2c3")?.revoked != nil)
            #expect(try await store.attestations(of: person).map(\.id) == ["a1b2c3"])
            let logged = try await store.accessLog(subject: person, after: before, limit: 10)
            #expect(logged.map(\.action) == ["revoke attestation a1b2c3"])
            let activity = try await store.agencyActivity()
            #expect(activity.first?.disputes == 3)
            #expect(activity.first?.overturned == 1)
            #expect(activity.first?.answerDays.sorted() == [1, 3, 100])
        }
    }

    @Test("the access log chains every entry, from every kind of access", arguments: StoreKind.available)
    func accessLog(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let agency = Accessor(actor: "agency:court", purpose: "submission")
            _ = try await store.submit([record("A1"), record("A2", subject: company)], at: now, accessor: agency)
            let score = try await store.access(person, at: now) { file in
                (
                    file.records.count,
                    AccessNote(
                        Accessor(actor: "provider:office", purpose: "Ticket sale"), action: "check", answer: "allowed")
                )
            }
            #expect(score == 1)
            try await store.log([(company, AccessNote(agency, action: "change", answer: "refused"))], at: now)
            let all = try await store.accessLog(subject: nil, after: 0, limit: 100)
            #expect(all.map(\.sequence) == [1, 2, 3, 4])
            #expect(AccessEntry.firstBroken(in: all) == nil)
            #expect(
                try await store.accessLog(subject: person, after: 0, limit: 100).map(\.action) == [
                    "submit court/A1 (court.default)", "check",
                ])
            #expect(try await store.accessLog(subject: nil, after: 2, limit: 1).map(\.sequence) == [3])

            // The change feed: submissions and changes, not reads or checks, within the bounds asked.
            #expect(try await store.lastAccessSequence() == 4)
            #expect(try await store.subjectsChanged(after: 0, through: 4) == [person, company])
            #expect(try await store.subjectsChanged(after: 1, through: 3) == [company])
            #expect(try await store.subjectsChanged(after: 2, through: 3) == [])
            let dispute = try await store.openDispute(
                recordID: try #require(try await store.records(of: person).first?.id), on: Day(iso: "2026-01-05")!,
                at: now, accessor: Accessor(actor: "subject", purpose: "own file"))
            _ = try await store.answerDispute(
                id: dispute.id, answer: .upheld, on: Day(iso: "2026-01-06")!, at: now, accessor: agency)
            #expect(try await store.lastAccessSequence() == 6)
            #expect(try await store.subjectsChanged(after: 4, through: 6) == [person, person])

            // A submission tells each subject once what was filed about them, record by record, in order.
            _ = try await store.submit(
                [record("A3"), record("A4", subject: company), record("A1")], at: now, accessor: agency)
            let filed = try await store.accessLog(subject: person, after: 6, limit: 10)
            #expect(filed.map(\.action) == ["submit court/A3 (court.default), court/A1 (court.default)"])
            #expect(filed.map(\.answer) == ["created; unchanged"])
            #expect(try await store.lastAccessSequence() == 8)
            #expect(try await store.subjectsChanged(after: 6, through: 8) == [person, company])

            // The stored tree, grown batch by batch, is the tree of the entries; checkpoints are kept.
            let entries = try await store.accessLog(subject: nil, after: 0, limit: 100)
            let reference = MerkleTree(accessLog: entries)
            for size in 1...entries.count {
                #expect(try await store.fromStoredTree { try $0.root(size: size) } == reference.root(size: size))
            }
            #expect(try await store.treeNodes([TreeNode(level: 0, index: 8)]).isEmpty)
            #expect(try await store.latestCheckpoint() == nil)
            try await store.keepCheckpoint("first\n", size: 4, at: now)
            try await store.keepCheckpoint("second\n", size: 8, at: now)
            #expect(try await store.latestCheckpoint() == KeptCheckpoint(note: "second\n", size: 8, at: now))
        }
    }

    @Test(
        "entries about every subject are in each subject's log; kinds are kept; the change feed follows kinds",
        arguments: StoreKind.available)
    func registryWideEntries(kind: StoreKind) async throws {
        try await kind.withStore { store, reopen in
            let agency = Accessor(actor: "agency:court", purpose: "submission")
            _ = try await store.submit([record("A1"), record("A2", subject: company)], at: now, accessor: agency)
            try await store.logRegistryWide(
                AccessNote(
                    Accessor(actor: "operator:root", purpose: "export"), action: "export ratings",
                    answer: "shown", kind: .registry), at: now)
            try await store.log(
                [(person, AccessNote(agency, action: "check rail.ticket", answer: "allowed", kind: .check))], at: now)
            let reopened = try await reopen()
            let all = try await reopened.accessLog(subject: nil, after: 0, limit: 10)
            #expect(all.map(\.kind) == [.change, .change, .registry, .check])
            #expect(all[2].subject == nil)
            #expect(AccessEntry.firstBroken(in: all) == nil)
            #expect(try await reopened.accessLog(subject: person, after: 0, limit: 10).map(\.sequence) == [1, 3, 4])
            #expect(try await reopened.accessLog(subject: company, after: 0, limit: 10).map(\.sequence) == [2, 3])
            #expect(try await reopened.subjectsChanged(after: 0, through: 4) == [person, company])
            if kind == .sqlite || kind == .postgres { try await reopened.shutdown() }
        }
    }

    @Test("one open dispute per record; one review per subject and agency", arguments: StoreKind.available)
    func onePerRecord(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            _ = try await store.submit([record("A1"), record("A2", subject: company)], at: now)
            let id = try #require(try await store.records(of: person).first?.id)
            let first = try await store.openDispute(recordID: id, on: Day(iso: "2026-01-05")!, at: now)
            await #expect(throws: StoreError.disputeOpen(first.id)) {
                try await store.openDispute(recordID: id, on: Day(iso: "2026-01-06")!, at: now)
            }
            _ = try await store.answerDispute(id: first.id, answer: .upheld, on: Day(iso: "2026-01-07")!, at: now)
            await #expect(throws: StoreError.alreadyAnswered(first.id)) {
                try await store.answerDispute(id: first.id, answer: .retracted, on: Day(iso: "2026-01-07")!, at: now)
            }
            let second = try await store.openDispute(recordID: id, on: Day(iso: "2026-01-08")!, at: now)
            #expect(second.id != first.id)

            for stars in [1, 1, 4] {
                try await store.addReview(agency: "court", subject: person, stars: stars, comment: "c", at: now)
            }
            try await store.addReview(agency: "court", subject: company, stars: 2, comment: "", at: now)
            let court = try #require(try await store.agencyActivity().first { $0.agency == "court" })
            #expect(court.reviewStars.sorted() == [2, 4], "the newest review of each subject stands")
        }
    }

    @Test(
        "repair applications and permits: admitted from the file inside the transaction, decided once, read back",
        arguments: StoreKind.available)
    func pathBack(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            _ = try await store.submit(
                [record("R1", fulfilled: "2026-02-01"), record("R2", subject: company)], at: now)
            let recordID = try #require(try await store.records(of: person).first?.id)
            let accessor = Accessor(actor: "subject:test", purpose: "own file")
            let before = try await store.lastAccessSequence()
            let applied = Day(iso: "2026-04-01")!
            let repair = try await store.applyForRepair(of: person, at: now, accessor: accessor) { file in
                #expect(file.records.map(\.id) == [recordID] && file.repairs.isEmpty)
                return Repair(recordID: recordID, applied: applied, commitment: "I will pay on time")
            }
            #expect(repair.id > 0)
            // The closure sees the application just stored, so a second one can be refused in the transaction.
            await #expect(throws: StoreError.inadmissible(.conflict("open"))) {
                try await store.applyForRepair(of: person, at: now, accessor: accessor) {
                    file throws(ApplicationProblem) in
                    if file.repairs.contains(where: { $0.decision == nil }) { throw .conflict("open") }
                    return Repair(recordID: recordID, applied: applied, commitment: "again")
                }
            }
            #expect(try await store.openRepairs(agency: "court").map(\.repair.id) == [repair.id])
            #expect(try await store.openRepairs(agency: "tax").isEmpty)
            let refused = try await store.decideRepair(
                id: repair.id, decision: .refused, on: Day(iso: "2026-04-05")!, reason: "Not yet", at: now,
                accessor: accessor)
            #expect(refused.decision == .refused && refused.reason == "Not yet")
            await #expect(throws: StoreError.alreadyDecidedApplication("repair application \(repair.id)")) {
                try await store.decideRepair(
                    id: repair.id, decision: .granted, on: Day(iso: "2026-04-06")!, reason: nil, at: now,
                    accessor: accessor)
            }
            await #expect(throws: StoreError.unknownApplication("repair application 999")) {
                try await store.decideRepair(
                    id: 999, decision: .granted, on: Day(iso: "2026-04-06")!, reason: nil, at: now, accessor: accessor)
            }
            #expect(try await store.openRepairs(agency: "court").isEmpty)
            #expect(try await store.repair(id: repair.id)?.repair == refused)
            #expect(try await store.file(of: person).repairs == [refused])

            let permit = try await store.applyForPermit(of: person, at: now, accessor: accessor) { file in
                Permit(
                    subject: person, list: "defaulters", action: "rail.ticket", purpose: .funeral,
                    explanation: "My father's funeral", from: Day(iso: "2026-04-10")!, to: Day(iso: "2026-04-12")!,
                    applied: applied, agencies: ["court", "tax"])
            }
            #expect(try await store.openPermits(agency: "tax").map(\.id) == [permit.id])
            #expect(try await store.openPermits(agency: "bank").isEmpty)
            let granted = try await store.decidePermit(
                id: permit.id, decision: .granted, on: Day(iso: "2026-04-02")!, by: "court", reason: nil, at: now,
                accessor: accessor)
            #expect(granted.decidedBy == "court" && granted.decision == .granted)
            #expect(try await store.permit(id: permit.id) == granted)
            #expect(try await store.file(of: person).permits == [granted])
            for (day, held) in [
                ("2026-04-09", false), ("2026-04-10", true), ("2026-04-12", true), ("2026-04-13", false),
            ] {
                #expect(
                    try await store.grantedPermits(covering: Day(iso: day)!).map(\.id) == (held ? [permit.id] : []),
                    "\(day)")
            }
            let page = try await store.subjectFiles(after: nil, limit: 10)
            #expect(page.first { $0.subject == person }?.permits == [granted])
            #expect(page.first { $0.subject == person }?.repairs == [refused])
            let logged = try await store.accessLog(subject: person, after: before, limit: 10)
            #expect(
                logged.map(\.action) == [
                    "apply to repair record \(recordID)", "decide repair application \(repair.id)",
                    "apply for permit: rail.ticket on defaulters", "decide permit application \(permit.id)",
                ])
            #expect(logged.allSatisfy { $0.kind == .change }, "the standings follow every one")
        }
    }

    @Test(
        "officers: idempotent on (agency, reference), ended recorded, read with the person's file",
        arguments: StoreKind.available)
    func officers(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            _ = try await store.submit([record("C1", subject: company)], at: now)
            let accessor = Accessor(actor: "agency:court", purpose: "officer records")
            let role = Officer(
                agency: "court", reference: "O1", organisation: company, person: person, role: .legalRepresentative,
                started: Day(iso: "2025-01-01")!)
            let before = try await store.lastAccessSequence()
            let first = try await store.submitOfficers([role], at: now, accessor: accessor)
            guard case let .created(id) = first.first else {
                Issue.record("a new role is created: \(first)")
                return
            }
            #expect(try await store.submitOfficers([role], at: now, accessor: accessor) == [.unchanged(id)])
            var ended = role
            ended.ended = Day(iso: "2026-02-01")
            #expect(try await store.submitOfficers([ended], at: now, accessor: accessor) == [.updated(id)])
            var changed = role
            changed.role = .principal
            guard case .refused = try await store.submitOfficers([changed], at: now, accessor: accessor).first else {
                Issue.record("a role's other values do not change")
                return
            }
            #expect(try await store.officer(agency: "court", reference: "O1")?.ended == Day(iso: "2026-02-01"))
            #expect(try await store.allRoles().map(\.reference) == ["O1"])
            let file = try await store.file(of: person)
            #expect(file.roles.map(\.id) == [id] && file.roles.first?.organisation == company)
            #expect(file.organisations[company]?.records.map(\.reference) == ["C1"], "with the organisation's file")
            let page = try await store.subjectFiles(after: nil, limit: 10)
            #expect(page.first { $0.subject == person }?.roles.map(\.reference) == ["O1"])
            let logged = try await store.accessLog(subject: nil, after: before, limit: 20)
            #expect(logged.filter { $0.subject == person }.map(\.kind).allSatisfy { $0 == .change })
            #expect(logged.contains { $0.subject == company && $0.action == "record role court/O1" })
            #expect(
                logged.filter { $0.subject == person }.map(\.answer) == [
                    "created", "unchanged", "ended 2026-02-01", "refused: changed values",
                ])
        }
    }

    @Test(
        "notices: written with their log entries, none for a refused change, newest first, marked read",
        arguments: StoreKind.available)
    func notices(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let accessor = Accessor(actor: "agency:court", purpose: "submission")
            let outcomes = try await store.submit(
                [record("N1"), record("N2"), record("N3", subject: company)], at: now, accessor: accessor)
            #expect(outcomes.count == 3)
            var mine = try await store.notices(of: person, before: nil, limit: 10)
            #expect(mine.map(\.cause.kind) == ["record-created", "record-created"])
            #expect(try await store.notices(of: company, before: nil, limit: 10).count == 1)
            let entry = try #require(try await store.accessLog(subject: person, after: 0, limit: 10).last)
            #expect(mine.allSatisfy { $0.sequence == entry.sequence }, "written with the entry of their cause")
            _ = try await store.submit([record("N1")], at: now, accessor: accessor)
            #expect(try await store.notices(of: person, before: nil, limit: 10).count == 2, "unchanged: no notice")

            let id = try #require(try await store.records(of: person).first?.id)
            let dispute = try await store.openDispute(
                Dispute(recordID: id, opened: Day(iso: "2026-01-05")!, reason: "Paid"), at: now,
                accessor: Accessor(actor: "subject:x", purpose: "own file"))
            await #expect(throws: StoreError.disputeOpen(dispute.id)) {
                try await store.openDispute(
                    Dispute(recordID: id, opened: Day(iso: "2026-01-06")!, reason: "Again"), at: now,
                    accessor: Accessor(actor: "subject:x", purpose: "own file"))
            }
            mine = try await store.notices(of: person, before: nil, limit: 10)
            #expect(mine.map(\.cause.kind) == ["dispute-opened", "record-created", "record-created"])
            #expect(
                mine.first?.cause
                    == .disputeOpened(
                        dispute: dispute.id, record: id, opened: Day(iso: "2026-01-05")!, identityTheft: false))
            #expect(try await store.notices(of: person, before: mine[0].id, limit: 1).map(\.id) == [mine[1].id])
            #expect(try await store.unreadNotices(of: person) == 3)
            #expect(try await store.markNoticesRead(of: person, through: mine[1].id, at: now) == 2)
            #expect(try await store.unreadNotices(of: person) == 1)
            #expect(
                try await store.notices(of: person, before: nil, limit: 10).map { $0.read != nil } == [
                    false, true, true,
                ])
            #expect(try await store.unreadNotices(of: company) == 1, "another subject's notices are untouched")
        }
    }

    @Test(
        "webhooks: each notice queued with it, the oldest per subject due first, delivered or failed",
        arguments: StoreKind.available)
    func webhookOutbox(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let hook = try await store.addWebhook(
                url: "http://127.0.0.1:9/hook", secret: Data("0123456789abcdef0123".utf8), audience: .subjects, at: now)
            _ = try await store.addWebhook(
                url: "http://127.0.0.1:9/counters", secret: Data("0123456789abcdef0123".utf8), audience: .providers,
                at: now)
            #expect(try await store.webhookSecret(id: hook.id) == Data("0123456789abcdef0123".utf8))
            let accessor = Accessor(actor: "agency:court", purpose: "submission")
            _ = try await store.submit(
                [record("H1"), record("H2", subject: company), record("H3")], at: now, accessor: accessor)
            #expect(try await store.outboxDepth() == 3, "one per notice, for the one webhook of subjects")
            var due = try await store.dueDeliveries(at: now, limit: 10)
            #expect(due.count == 2, "the oldest of each subject only")
            let first = try #require(due.first)
            let body = try #require(try await store.deliveryBody(first))
            #expect(body.subject == person && body.notice?.cause.kind == "record-created")
            try await store.delivered(first)
            due = try await store.dueDeliveries(at: now, limit: 10)
            #expect(due.count == 2 && !due.contains(first), "the next of that subject is due now")
            try await store.retry(due[0], next: now.addingTimeInterval(60))
            #expect(try await store.dueDeliveries(at: now, limit: 10).count == 1, "retried later, it waits")
            #expect(try await store.dueDeliveries(at: now.addingTimeInterval(61), limit: 10).count == 2)
            try await store.retry(due[1], next: nil)
            #expect(try await store.outboxDepth() == 1, "a failed delivery leaves the queue")
            #expect(try await store.webhooks().count == 2)
            #expect(try await store.removeWebhook(id: hook.id))
            #expect(try await store.outboxDepth() == 0)
            let again = try await store.removeWebhook(id: hook.id)
            #expect(!again, "removed once")
        }
    }

    @Test("sessions: kept by the hash of their token, touched forward only, ended", arguments: StoreKind.available)
    func sessions(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let hash = String(repeating: "ab", count: 32)
            let session = StoredSession(idHash: hash, keyID: "0123456789ab", created: now, lastSeen: now)
            try await store.addSession(session)
            #expect(try await store.session(idHash: hash) == session)
            #expect(try await store.session(idHash: String(repeating: "cd", count: 32)) == nil)
            try await store.touchSession(idHash: hash, at: now.addingTimeInterval(90))
            try await store.touchSession(idHash: hash, at: now.addingTimeInterval(30))
            #expect(try await store.session(idHash: hash)?.lastSeen == now.addingTimeInterval(90))
            try await store.endSession(idHash: hash)
            #expect(try await store.session(idHash: hash) == nil)
        }
    }

    @Test("a key's expiry is kept and checked", arguments: StoreKind.available)
    func keyExpiry(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let issued = IssuedKey.make { id in
                KeyGrant(id: id, role: .auditor, label: "a", created: now, expires: now.addingTimeInterval(60))
            }
            try await store.addKey(issued.grant, secretHash: issued.secretHash)
            #expect(try await store.key(id: issued.grant.id)?.grant.expires == now.addingTimeInterval(60))
            #expect(try await store.check(token: issued.token, at: now) == .granted(issued.grant))
            #expect(try await store.check(token: issued.token, at: now.addingTimeInterval(60)) == .expired)
        }
    }

    @Test("keys: stored as a hash, found by id, revoked", arguments: StoreKind.available)
    func keys(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let issued = IssuedKey.make { id in
                KeyGrant(
                    id: id, role: .provider, label: "Office", actions: ["rail.high-speed"], purposes: ["Ticket sale"],
                    created: now)
            }
            try await store.addKey(issued.grant, secretHash: issued.secretHash)
            let stored = try #require(try await store.key(id: issued.grant.id))
            #expect(stored.grant == issued.grant)
            let (_, secret) = try #require(KeyToken.parse(issued.token))
            #expect(KeyToken.matches(secret, storedHash: stored.secretHash))
            #expect(try await store.revokeKey(id: issued.grant.id, at: now))
            #expect(try await store.keys().first?.revoked == now)
            #expect(try await !store.revokeKey(id: "nope", at: now))
            try await store.addReview(agency: "court", subject: person, stars: 4, comment: "", at: now)
            #expect(try await store.agencyActivity().first { $0.agency == "court" }?.reviewStars == [4])
            try await store.setMeta("origin", "test")
            #expect(try await store.meta("origin") == "test")
        }
    }
}

import CandorSynthetic
import Testing

@testable import CandorCore

/// The in-memory standings must decide every check exactly as a rating freshly computed by the engine.
@Suite("Standing index")
struct StandingIndexTests {
    static let day = Day(iso: "2026-11-26")!

    /// A generated city as subject files, with store-like record ids, some disputes (open, answered and
    /// appealed), repair applications and permits.
    static func files(seed: UInt64) -> [SubjectFile] {
        var random = SeededRandom(seed: seed, stream: 9, index: 0)
        var pathBack = SeededRandom(seed: seed, stream: 10, index: 0)
        var nextID: Int64 = 1
        var files: [SubjectFile] = []
        for chunk in SyntheticCityTests.generate(seed: seed, people: 6_000, businesses: 1_200) {
            var bySubject: [SubjectID: [Record]] = [:]
            for var record in chunk.records {
                record.id = nextID
                nextID += 1
                bySubject[record.subject, default: []].append(record)
            }
            for resident in chunk.residents {
                let records = bySubject[resident.id] ?? []
                var disputes: [Dispute] = []
                for record in records where random.chance(0.2) {
                    var dispute = Dispute(
                        id: Int64(disputes.count + 1), recordID: record.id,
                        opened: day.adding(days: -random.int(in: 0...60)))
                    if random.chance(0.5) {
                        dispute.answer = random.chance(0.5) ? .upheld : .retracted
                        dispute.answered = dispute.opened.adding(days: random.int(in: 0...20))
                        if dispute.answer == .upheld && pathBack.chance(0.3) {
                            dispute.appeal = Dispute.Appeal(
                                opened: dispute.answered!.adding(days: pathBack.int(in: 0...15)), reason: "a")
                            if pathBack.chance(0.5) {
                                dispute.appeal!.decision = pathBack.chance(0.5) ? .confirmed : .overturned
                                dispute.appeal!.decided = dispute.appeal!.opened.adding(days: pathBack.int(in: 0...40))
                            }
                        }
                    }
                    disputes.append(dispute)
                }
                // Repair applications on fulfilled records, open, granted or refused, before and after their
                // deadlines; permits for the people a list with permits may hold, around the day.
                var repairs: [Repair] = []
                for record in records where record.fulfilled != nil && pathBack.chance(0.3) {
                    var repair = Repair(
                        id: Int64(repairs.count + 1), recordID: record.id,
                        applied: day.adding(days: -pathBack.int(in: 0...30)), commitment: "c")
                    if pathBack.chance(0.6) {
                        repair.decision = pathBack.chance(0.5) ? .granted : .refused
                        repair.decided = repair.applied.adding(days: pathBack.int(in: 0...20))
                    }
                    repairs.append(repair)
                }
                var permits: [Permit] = []
                for list in Policy.shipped.lists where !list.permits.isEmpty {
                    guard records.contains(where: { list.kinds.contains($0.kind) }), pathBack.chance(0.5) else {
                        continue
                    }
                    let from = day.adding(days: pathBack.int(in: -3...2))
                    permits.append(
                        Permit(
                            id: Int64(permits.count + 1), subject: resident.id, list: list.id,
                            action: list.permits[pathBack.int(in: 0...(list.permits.count - 1))], purpose: .medical,
                            explanation: "e", from: from, to: from.adding(days: pathBack.int(in: 0...3)),
                            applied: day.adding(days: -5), agencies: ["court"],
                            decision: pathBack.chance(0.8) ? .granted : (pathBack.chance(0.5) ? .refused : nil),
                            decided: day.adding(days: -4)))
                }
                files.append(
                    SubjectFile(
                        subject: resident.id, records: records, disputes: disputes, repairs: repairs, permits: permits))
            }
        }
        return files
    }

    @Test("every check of every subject, for every action and privilege, equals the engine's", arguments: [11, 12])
    func sameDecisions(seed: UInt64) throws {
        let engine = RatingEngine(policy: .shipped)
        let files = Self.files(seed: seed)
        let index = StandingIndex(engine: engine, asOf: Self.day)
        for file in files {
            index.update(engine.rate(file, asOf: Self.day))
        }
        #expect(index.count == files.count)
        let actions = engine.policy.actions.map(\.id) + engine.policy.privileges.map(\.id)
        var denied = 0
        for file in files {
            let rating = engine.rate(file, asOf: Self.day)
            for action in actions {
                let expected = try engine.check(rating, action: action)
                let decided = try index.check(file.subject, action: action)
                #expect(decided == expected, "\(file.subject) \(action)")
                if !expected.allowed { denied += 1 }
            }
        }
        #expect(denied > 50, "the city must exercise denials by list and by tier")
    }

    @Test("a subject the index has not seen stands as one without records; unknown actions are refused")
    func unknownSubject() throws {
        let engine = RatingEngine(policy: .shipped)
        let index = StandingIndex(engine: engine, asOf: Self.day)
        let stranger = try SubjectID("11010519491231002X")
        for action in engine.policy.actions.map(\.id) + engine.policy.privileges.map(\.id) {
            #expect(
                try index.check(stranger, action: action)
                    == engine.check(engine.rate(stranger, records: [], asOf: Self.day), action: action))
        }
        #expect(throws: CheckError.self) { try index.check(stranger, action: "moon.landing") }
    }

    @Test("an update replaces a subject's standing, unless a later ticket updated it first")
    func updates() throws {
        let engine = RatingEngine(policy: .shipped)
        let index = StandingIndex(engine: engine, asOf: Self.day)
        let subject = try SubjectID("11010519491231002X")
        let clean = engine.rate(subject, records: [], asOf: Self.day)
        let defaults = (1...3).map { number in
            Record(
                id: Int64(number), agency: "court", reference: "J-\(number)", subject: subject,
                kind: "court.judgment-default", occurred: Self.day.adding(days: -10 * number))
        }
        let listed = engine.rate(subject, records: defaults, asOf: Self.day)
        try #require(!listed.listings.isEmpty, "the records must put the subject on a list")
        let restricted = try #require(listed.listings.first?.list.restricts.first)

        let older = index.ticket()
        let newer = index.ticket()
        index.update(listed, ticket: newer)
        index.update(clean, ticket: older)
        #expect(try index.check(subject, action: restricted).allowed == false, "the older update is ignored")
        index.update(clean, ticket: index.ticket())
        #expect(try index.check(subject, action: restricted).allowed == true)
    }

    @Test("distinct identifiers get distinct keys")
    func keys() {
        let residents = SyntheticCityTests.generate(seed: 5, people: 20_000, businesses: 4_000).flatMap(\.residents)
        #expect(Set(residents.map { SubjectKey($0.id) }).count == residents.count)
    }
}

import CandorSynthetic
import Testing

@testable import CandorCore

@Suite("Synthetic city")
struct SyntheticCityTests {
    static func generate(seed: UInt64, people: Int = 3_000, businesses: Int = 600) -> [SyntheticCity.Chunk] {
        let city = SyntheticCity(
            configuration: .init(
                people: people, businesses: businesses, seed: seed,
                until: Day(iso: "2026-11-26")!), policy: .shipped)
        var generator = city.makeGenerator(chunkSize: 700)
        var chunks: [SyntheticCity.Chunk] = []
        while let chunk = generator.nextChunk() { chunks.append(chunk) }
        return chunks
    }

    @Test("the same seed gives the same city; another seed another")
    func deterministic() {
        let first = Self.generate(seed: 1).flatMap(\.records)
        let again = Self.generate(seed: 1).flatMap(\.records)
        let other = Self.generate(seed: 2).flatMap(\.records)
        #expect(first == again)
        #expect(first != other)
    }

    @Test("every subject has a valid, unique identifier and a name; every record passes the policy")
    func valid() throws {
        let chunks = Self.generate(seed: 3)
        let residents = chunks.flatMap(\.residents)
        #expect(residents.count == 3_600)
        #expect(Set(residents.map(\.id)).count == residents.count)
        #expect(residents.filter { $0.id.type == .person }.count == 3_000)
        func isChinese(_ character: Character) -> Bool {
            character.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) }
        }
        for resident in residents {
            #expect(try SubjectID(resident.id.text) == resident.id)
            #expect(!resident.name.isEmpty)
            if resident.id.type == .person {
                #expect(
                    (2...3).contains(resident.name.count) && resident.name.allSatisfy(isChinese), "\(resident.name)")
            } else {
                #expect(resident.name.hasSuffix("有限公司") && resident.name.allSatisfy(isChinese), "\(resident.name)")
            }
        }
        let rules = SubmissionRules(policy: .shipped)
        let records = chunks.flatMap(\.records)
        #expect(records.allSatisfy { rules.problem(with: $0, today: Day(iso: "2026-11-26")!) == nil })
        let references = Set(records.map { "\($0.agency)/\($0.reference)" })
        #expect(references.count == records.count)
        let agencies = Set(records.map(\.agency))
        #expect(agencies == Set(Policy.shipped.agencies.map(\.id)), "every agency submits records")
        let until = Day(iso: "2026-11-26")!
        #expect(records.allSatisfy { until.days(since: $0.occurred) <= 6 * 365 && $0.occurred <= until })
        #expect(records.contains { $0.fulfilled != nil })
        #expect(records.contains { $0.retracted != nil })
    }

    @Test("about 0.4% of adults are on the judgment defaulter list")
    func defaulterShare() {
        let chunks = Self.generate(seed: 4, people: 60_000, businesses: 0)
        let engine = RatingEngine(policy: .shipped)
        let until = Day(iso: "2026-11-26")!
        var summary = RatingSummary(policy: .shipped)
        let bySubject = Dictionary(grouping: chunks.flatMap(\.records), by: \.subject)
        for resident in chunks.flatMap(\.residents) {
            summary.add(engine.rate(resident.id, records: bySubject[resident.id] ?? [], asOf: until))
        }
        let share = Double(summary.listedPeople["judgment-defaulters"] ?? 0) / Double(summary.adults)
        #expect((0.003...0.005).contains(share), "share of adults listed: \(share)")
    }
}

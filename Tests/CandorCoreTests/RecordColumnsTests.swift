import Foundation
import Testing

@testable import CandorCore

/// The one-pass re-rating over record columns must give every subject exactly the engine's rating.
@Suite("Record columns")
struct RecordColumnsTests {
    static let policies: [(String, Policy)] = [
        ("shipped", .shipped),
        ("test city", try! Policy.parse(try! fixture("test-city.toml"))),
        ("shipped, harsher and linear", harsher()),
    ]

    /// The shipped policy with every kind's points doubled, linear decay and tight caps: other sums,
    /// other roundings.
    static func harsher() -> Policy {
        var text = String(decoding: Policy.shippedData, as: UTF8.self)
        text = text.replacingOccurrences(of: "decay = \"none\"", with: "decay = \"linear\"")
        text = text.replacingOccurrences(of: "cap = 300", with: "cap = 77.5")
        text = text.replacingOccurrences(of: "points = -120", with: "points = -241.333")
        return try! Policy.parse(Data(text.utf8))
    }

    @Test(
        "scores, tiers and lists equal the engine's for every subject, on several days and policies",
        arguments: [0, 1, 2])
    func sameRatings(policyIndex: Int) throws {
        let (name, policy) = Self.policies[policyIndex]
        let engine = RatingEngine(policy: policy)
        let day = Day(iso: "2026-11-26")!
        let files = StandingIndexTests.files(seed: 21) + Self.boundaries(policy, around: day)
        var columns = RecordColumns()
        for file in files { columns.append(file) }
        #expect(columns.recordCount == files.map(\.records.count).reduce(0, +))
        for day in [day, Day(iso: "2024-03-01")!, Day(iso: "2029-12-31")!] {
            let rated = columns.rate(with: engine, asOf: day)
            var listed = 0
            for (position, file) in files.enumerated() {
                let rating = engine.rate(file, asOf: day)
                let lists = rated.lists(of: position, in: policy)
                #expect(Int(rated.scores[position]) == rating.score, "\(name) \(day) \(file.subject)")
                #expect(policy.tiers[Int(rated.tiers[position])] == rating.tier, "\(name) \(day) \(file.subject)")
                #expect(lists == rating.listings.map(\.list.id), "\(name) \(day) \(file.subject)")
                if !lists.isEmpty { listed += 1 }
            }
            let index = StandingIndex(engine: engine, asOf: day)
            index.add(rated, of: columns)
            index.add(permits: files.flatMap(\.permits))
            for file in files.prefix(500) + files.filter({ !$0.permits.isEmpty || !$0.repairs.isEmpty }) {
                let rating = engine.rate(file, asOf: day)
                for action in policy.actions.map(\.id) + policy.privileges.map(\.id) {
                    #expect(try index.check(file.subject, action: action) == engine.check(rating, action: action))
                }
            }
            if day == Day(iso: "2026-11-26")! && name != "test city" { #expect(listed > 10) }
        }
    }

    /// Subjects whose records sit on every edge of the semantics on `day`: ages at and around a kind's
    /// lasting and a list's maximum, fulfilment and dispute deadlines and answers on the day and either
    /// side of it.
    static func boundaries(_ policy: Policy, around day: Day) -> [SubjectFile] {
        var files: [SubjectFile] = []
        var serial = 0
        var nextID: Int64 = 1_000_000
        func subject() -> SubjectID {
            serial += 1
            // A thousand sequence numbers per birth date: every subject distinct.
            return try! SubjectID(
                ResidentIdentityNumber.make(
                    region: 110105, born: Day(iso: "1980-01-01")!.adding(days: serial / 1000), sequence: serial % 1000))
        }
        for kind in policy.kinds {
            var ages: [Int] = [kind.lastsDays - 1, kind.lastsDays, kind.lastsDays + 1, 0, -1]
            for list in policy.lists where list.kinds.contains(kind.id) {
                for edge in [list.maxDays, list.noticeDays, list.noticeDays + list.maxDays] {
                    ages += [edge - 1, edge, edge + 1]
                }
            }
            for age in ages {
                for variant in 0..<18 {
                    let id = subject()
                    nextID += 1
                    var record = Record(
                        id: nextID, agency: "a", reference: "edge-\(nextID)", subject: id, kind: kind.id,
                        occurred: day.adding(days: -age))
                    var disputes: [Dispute] = []
                    switch variant % 6 {
                    case 0 where variant >= 6:
                        // Identity theft: suspended from the day it was opened, the day before or the day.
                        disputes = [
                            Dispute(
                                id: 1, recordID: nextID, opened: day.adding(days: variant / 6 - 2),
                                ground: .identityTheft, reason: "not me", policeReport: "R1")
                        ]
                    case 1: record.fulfilled = day
                    case 2: record.fulfilled = day.adding(days: 1)
                    case 3:
                        disputes = [
                            Dispute(id: 1, recordID: nextID, opened: day.adding(days: -policy.disputeResponseDays))
                        ]
                    case 4:
                        disputes = [
                            Dispute(
                                id: 1, recordID: nextID, opened: day.adding(days: -policy.disputeResponseDays - 1),
                                answer: .upheld, answered: day)
                        ]
                    case 5 where variant >= 6:
                        // Upheld long ago and appealed: the appeal's review deadline falls on the day before, the
                        // day or the day after.
                        let appealed = day.adding(days: -policy.dueProcess.reviewDays + variant / 6 - 2)
                        disputes = [
                            Dispute(
                                id: 1, recordID: nextID, opened: day.adding(days: -400), answer: .upheld,
                                answered: day.adding(days: -390), reason: "r",
                                appeal: Dispute.Appeal(opened: appealed, reason: "a"))
                        ]
                    case 5:
                        disputes = [
                            Dispute(
                                id: 1, recordID: nextID, opened: day.adding(days: -policy.disputeResponseDays - 1),
                                answer: .upheld, answered: day.adding(days: 1))
                        ]
                    default: break
                    }
                    // Half the subjects have a second, ordinary record of the kind, so sums and caps meet the edge.
                    let companion = Record(
                        id: nextID + 500_000, agency: "a", reference: "edge-\(nextID)-b", subject: id, kind: kind.id,
                        occurred: day.adding(days: -7))
                    let records = variant < 6 ? [record] : [record, companion]
                    files.append(SubjectFile(subject: id, records: records, disputes: disputes))
                }
            }
        }
        // Repair applications around every edge: granted the day before, of or after; undecided with the
        // deadline the day before, of or after; refused before, on or after the deadline.
        let responseDays = policy.dueProcess.repairResponseDays
        for kind in policy.kinds where kind.repairAfterDays != nil {
            for variant in 0..<9 {
                let id = subject()
                nextID += 1
                let record = Record(
                    id: nextID, agency: "a", reference: "repair-\(nextID)", subject: id, kind: kind.id,
                    occurred: day.adding(days: -200), fulfilled: day.adding(days: -150))
                let edge = variant % 3 - 1
                let repair: Repair
                switch variant / 3 {
                case 0:
                    repair = Repair(
                        id: 1, recordID: nextID, applied: day.adding(days: -5), commitment: "c", decision: .granted,
                        decided: day.adding(days: edge))
                case 1:
                    repair = Repair(
                        id: 1, recordID: nextID, applied: day.adding(days: -responseDays + edge), commitment: "c")
                default:
                    repair = Repair(
                        id: 1, recordID: nextID, applied: day.adding(days: -responseDays - 2), commitment: "c",
                        decision: .refused, decided: day.adding(days: edge), reason: "r")
                }
                files.append(SubjectFile(subject: id, records: [record], disputes: [], repairs: [repair]))
            }
        }
        // Listed subjects with permits whose windows start or end the day before, of or after, and one
        // refused; half of them disputed, so a denial says since when.
        for list in policy.lists where !list.permits.isEmpty {
            for kind in list.kinds {
                for variant in 0..<8 {
                    let id = subject()
                    nextID += 1
                    let record = Record(
                        id: nextID, agency: "a", reference: "permit-\(nextID)", subject: id, kind: kind,
                        occurred: day.adding(days: -list.noticeDays - 3))
                    let edge = variant % 4 - 1
                    let (from, to) =
                        variant < 4
                        ? (day.adding(days: edge), day.adding(days: 5)) : (day.adding(days: -5), day.adding(days: edge))
                    let permit = Permit(
                        id: Int64(variant + 1), subject: id, list: list.id, action: list.permits[0], purpose: .medical,
                        explanation: "e", from: from, to: to, applied: day.adding(days: -6), agencies: ["a"],
                        decision: edge == 2 ? .refused : .granted, decided: day.adding(days: -6))
                    let disputes =
                        variant % 2 == 0 ? [] : [Dispute(id: 1, recordID: nextID, opened: day.adding(days: -2))]
                    files.append(SubjectFile(subject: id, records: [record], disputes: disputes, permits: [permit]))
                }
            }
        }
        // People who turn 18 the day before, on, or the day after their record occurred (one born on
        // 29 February), with a record of each kind that lists.
        let occurred = day.adding(days: -40)
        let births =
            [-1, 0, 1].map { occurred.adding(days: $0).anniversary(years: -18) } + [
                Day(iso: "2008-02-29")!, Day(iso: "2007-03-01")!,
            ]
        for born in births {
            for kind in policy.kinds where policy.lists.contains(where: { $0.kinds.contains(kind.id) }) {
                guard kind.subjects.contains(.person) else { continue }
                for on in [occurred, Day(iso: "2026-02-28")!, Day(iso: "2026-03-01")!] {
                    let id = try! SubjectID(
                        ResidentIdentityNumber.make(region: 110105, born: born, sequence: serial % 1000))
                    serial += 1
                    nextID += 1
                    files.append(
                        SubjectFile(
                            subject: id,
                            records: [
                                Record(
                                    id: nextID, agency: "a", reference: "minor-\(nextID)", subject: id, kind: kind.id,
                                    occurred: on)
                            ], disputes: []))
                }
            }
        }
        return files
    }

    @Test("rating in several shares gives what one share gives")
    func shares() {
        let engine = RatingEngine(policy: .shipped)
        var columns = RecordColumns()
        for file in StandingIndexTests.files(seed: 23) { columns.append(file) }
        let day = Day(iso: "2026-11-26")!
        let one = columns.rate(with: engine, asOf: day, shares: 1)
        for shares in [2, 3, 7] {
            let many = columns.rate(with: engine, asOf: day, shares: shares)
            #expect(many.scores == one.scores)
            #expect(many.tiers == one.tiers)
            #expect(
                (0..<columns.subjects.count).allSatisfy {
                    many.lists(of: $0, in: .shipped) == one.lists(of: $0, in: .shipped)
                })
        }
    }

    @Test("replacing files gives what appending every file gives, for columns in identifier order or not")
    func replacing() {
        let engine = RatingEngine(policy: .shipped)
        let day = Day(iso: "2026-11-26")!
        let files = StandingIndexTests.files(seed: 27).sorted { SubjectKey($0.subject) < SubjectKey($1.subject) }
        func lines(_ columns: RecordColumns) -> [String] {
            var written: [UInt8] = []
            columns.writeExportLines(columns.rate(with: engine, asOf: day), policy: .shipped) { written += $0 }
            return String(decoding: written, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        var whole = RecordColumns()
        for file in files { whole.append(file) }
        let expected = lines(whole)
        /// How many subjects' lines differ from the expected ones (so a failure prints a number).
        func differing(_ columns: RecordColumns) -> Int {
            let found = lines(columns)
            return zip(found, expected).filter { $0 != $1 }.count + abs(found.count - expected.count)
        }
        // Before: every third subject not seen yet, every fifth with its last record and disputes missing;
        // the first and last subjects among the new ones, so the runs at either end are exercised.
        var before: [SubjectFile] = []
        var changed: [SubjectFile] = []
        for (position, file) in files.enumerated() {
            if position % 3 == 0 || position == files.count - 1 {
                changed.append(file)
            } else if position % 5 == 0 && !file.records.isEmpty {
                before.append(SubjectFile(subject: file.subject, records: file.records.dropLast(), disputes: []))
                changed.append(file)
            } else {
                before.append(file)
            }
        }
        #expect(changed.count > 1000 && before.count > 1000)
        var ordered = RecordColumns()
        for file in before { ordered.append(file) }
        let caughtUp = ordered.replacing(changed.shuffled())
        #expect(caughtUp.isInIdentifierOrder)
        #expect(differing(caughtUp) == 0)
        #expect(caughtUp.recordCount == whole.recordCount)

        var unordered = RecordColumns()
        for file in before.reversed() { unordered.append(file) }
        let merged = unordered.replacing(changed)
        #expect(merged.subjects.count == files.count)
        #expect(differing(merged.inIdentifierOrder()) == 0)
        #expect(ordered.replacing([]).subjects == ordered.subjects)
    }

    @Test("a key gives back its identifier")
    func keysRoundTrip() throws {
        for text in ["11010519491231002X", "91350100M000100Y43", "440524188001010014"] {
            let subject = try SubjectID(text)
            #expect(SubjectKey(subject).subject == subject)
        }
    }
}

import CandorSynthetic
import Testing

@testable import CandorCore

/// The engine against a second, deliberately naive reading of SPEC §3 written from the text alone:
/// exact fractions, one record at a time, no shortcuts. Random policies, records, disputes and dates.
@Suite("Engine against a reference reading of the spec")
struct ReferenceRatingTests {
    /// An exact fraction with a positive denominator.
    struct Fraction: Comparable {
        var n: Int
        var d: Int

        init(_ n: Int, _ d: Int = 1) {
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? Swift.abs(a) : gcd(b, a % b) }
            let g = Swift.max(gcd(n, d), 1) * (d < 0 ? -1 : 1)
            self.n = n / g
            self.d = d / g
        }

        static func + (a: Fraction, b: Fraction) -> Fraction { Fraction(a.n * b.d + b.n * a.d, a.d * b.d) }
        static func * (a: Fraction, b: Fraction) -> Fraction { Fraction(a.n * b.n, a.d * b.d) }
        static func < (a: Fraction, b: Fraction) -> Bool { a.n * b.d < b.n * a.d }

        /// Rounded half away from zero: floor(|x| + 1/2) with the sign of x.
        var rounded: Int {
            let magnitude = (2 * Swift.abs(n) + d) / (2 * d)
            return n < 0 ? -magnitude : magnitude
        }
    }

    struct Expected: Equatable {
        var score: Int
        var tier: String
        var lists: [String: (Day, Day)]

        static func == (a: Expected, b: Expected) -> Bool {
            a.score == b.score && a.tier == b.tier && a.lists.keys.sorted() == b.lists.keys.sorted()
                && a.lists.allSatisfy { key, value in b.lists[key].map { $0 == value } ?? false }
        }
    }

    /// Whether a person was under 18 on `day`: completed years from the birth date in the identifier,
    /// counted by comparing (month, day) — so someone born on 29 February is still 17 on 28 February of a
    /// common year and 18 on 1 March.
    static func minor(_ subject: SubjectID, on day: Day) -> Bool {
        guard subject.type == .person else { return false }
        let digits = Array(subject.text.utf8)[6..<14].map { Int($0) - 48 }
        let (year, month, date) = (
            digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3], digits[4] * 10 + digits[5],
            digits[6] * 10 + digits[7]
        )
        let now = day.civil
        let years = now.year - year - ((now.month, now.day) < (month, date) ? 1 : 0)
        return years < 18
    }

    /// SPEC §3 and §6 (notice, minors, disputes, appeals, repair), sentence by sentence.
    static func reference(
        policy: Policy, subject: SubjectID, records: [Record], disputes: [Dispute], repairs: [Repair] = [], on d: Day
    ) -> Expected {
        // "granted on G means that from G, R neither counts nor lists"; "an application not decided by
        // A + response_days is treated as granted from the day after that deadline until a decision is
        // recorded (a later refusal ends it)".
        func repaired(_ r: Record) -> Bool {
            repairs.contains { repair in
                guard repair.recordID == r.id else { return false }
                if repair.decision == .granted, let granted = repair.decided, granted <= d { return true }
                let deadline = repair.applied.adding(days: policy.dueProcess.repairResponseDays)
                return deadline < d && (repair.decided.map { d < $0 } ?? true)
            }
        }
        func retracted(_ r: Record) -> Bool {
            r.retracted != nil || disputes.contains { $0.recordID == r.id && $0.answer == .retracted }
        }
        func suspended(_ r: Record) -> Bool {
            disputes.contains { dispute in
                guard dispute.recordID == r.id else { return false }
                // The agency may answer up to and including the deadline; suspended from the day after, or
                // from the opening day on the ground of identity theft.
                let deadline = dispute.opened.adding(days: policy.disputeResponseDays)
                // An appeal undecided past its review deadline suspends from the day after until decided.
                if let appeal = dispute.appeal, appeal.opened.adding(days: policy.dueProcess.reviewDays) < d,
                    appeal.decided.map({ d < $0 }) ?? true
                {
                    return true
                }
                if dispute.ground == .identityTheft {
                    guard dispute.opened <= d else { return false }
                } else {
                    guard deadline < d else { return false }
                }
                if let answered = dispute.answered { return d < answered }
                return true
            }
        }
        var total = Fraction(policy.score.base)
        for kind in policy.kinds {
            var sum = Fraction(0)
            for r in records where r.kind == kind.id {
                let age = d.days(since: r.occurred)
                guard !retracted(r), r.occurred <= d, age < kind.lastsDays, !suspended(r), !repaired(r) else {
                    continue
                }
                let milli = (r.fulfilled.map { $0 <= d } ?? false) ? kind.fulfilledPointsMilli : kind.pointsMilli
                var points = Fraction(Int(milli), 1000)
                if kind.decay == .linear { points = points * Fraction(kind.lastsDays - age, kind.lastsDays) }
                sum = sum + points
            }
            if let cap = kind.capMilli {
                let bound = Fraction(Int(cap), 1000)
                if bound < sum { sum = bound }
                if sum < Fraction(-bound.n, bound.d) { sum = Fraction(-bound.n, bound.d) }
            }
            total = total + sum
        }
        let score = min(max(total.rounded, policy.score.min), policy.score.max)
        let tier = policy.tiers.filter { $0.min <= score }.max { $0.min < $1.min }!
        var lists: [String: (Day, Day)] = [:]
        for list in policy.lists {
            let start = { (r: Record) in r.occurred.adding(days: list.noticeDays) }
            let keeping = records.filter { r in
                list.kinds.contains(r.kind) && !retracted(r) && !suspended(r) && !repaired(r)
                    && !(r.fulfilled.map { $0 <= d } ?? false)
                    && r.occurred <= d && start(r) <= d && d < start(r).adding(days: list.maxDays)
                    && !minor(subject, on: r.occurred)
            }
            guard !keeping.isEmpty else { continue }
            lists[list.id] = (keeping.map(start).min()!, keeping.map { start($0).adding(days: list.maxDays) }.max()!)
        }
        return Expected(score: score, tier: tier.id, lists: lists)
    }

    static func randomPolicy(_ random: inout SeededRandom) -> Policy {
        let kinds = (0..<random.int(in: 1...4)).map { index in
            RecordKind(
                id: "k\(index)", domain: .judicial, subjects: [.person, .organization], title: "Kind \(index)",
                pointsMilli: Int64(random.int(in: -60...40)) * (random.chance(0.3) ? 500 : 1000),
                lastsDays: random.int(in: 1...60), decay: random.chance(0.5) ? .linear : .none,
                fulfilledPointsMilli: Int64(random.int(in: -20...0)) * 1000,
                capMilli: random.chance(0.5) ? Int64(random.int(in: 1...90)) * 1000 : nil,
                repairAfterDays: random.chance(0.5) ? random.int(in: 0...30) : nil)
        }
        let lists = (0..<random.int(in: 1...2)).map { index in
            PolicyList(
                id: "l\(index)", title: "List \(index)", legalBasis: "Law \(index)",
                kinds: kinds.map(\.id).filter { _ in random.chance(0.6) } + [kinds[0].id],
                maxDays: random.int(in: 1...40), restricts: ["a\(index)", "p0"], remedy: "Pay",
                noticeDays: random.chance(0.5) ? 0 : random.int(in: 1...12),
                permits: random.chance(0.7) ? ["a\(index)"] : [], permitMaxDays: random.int(in: 1...10))
        }
        let middle = random.int(in: 40...100)
        return Policy(
            id: "random", version: "1", title: "Random", sha256: "", score: ScoreRange(base: 100, min: 0, max: 200),
            disputeResponseDays: random.int(in: 1...15),
            tiers: [
                Tier(id: "top", title: "Top", min: middle + random.int(in: 1...60)),
                Tier(id: "mid", title: "Mid", min: middle), Tier(id: "low", title: "Low", min: 0),
            ],
            agencies: [Agency(id: "agency", title: "Agency", kinds: kinds.map(\.id))],
            kinds: kinds, lists: lists,
            actions: [Action(id: "a0", title: "A0"), Action(id: "a1", title: "A1"), Action(id: "a2", title: "A2")],
            privileges: [Privilege(id: "p0", title: "P0", minTier: "mid")],
            dueProcess: DueProcess(
                reviewDays: random.int(in: 1...15), repairResponseDays: random.int(in: 0...10),
                reapplyDays: random.int(in: 1...20)))
    }

    @Test("random policies, records, disputes and dates", arguments: 0..<20)
    func random(round: Int) throws {
        var random = SeededRandom(seed: 7, stream: 0, index: UInt64(round))
        let policy = Self.randomPolicy(&random)
        let engine = RatingEngine(policy: policy)
        let origin = Day(iso: "2026-01-01")!
        // Adults, an organisation, and people who turn 18 while their records occur — one born on 29 February.
        let subjects =
            [person]
            + ["2008-01-20", "2008-02-29", "2008-03-15", "2010-06-01"].map {
                try! SubjectID(ResidentIdentityNumber.make(region: 110105, born: Day(iso: $0)!, sequence: 7))
            } + [try! SubjectID("91350100M000100Y43")]
        for subjectIndex in 0..<150 {
            let person = subjects[subjectIndex % subjects.count]
            var records: [Record] = []
            var disputes: [Dispute] = []
            var repairs: [Repair] = []
            var permits: [Permit] = []
            for id in 0..<random.int(in: 0...8) {
                let occurred = origin.adding(days: random.int(in: 0...90))
                var r = Record(
                    id: Int64(id + 1), agency: "agency", reference: "\(subjectIndex)-\(id)", subject: person,
                    kind: random.pick(policy.kinds).id, occurred: occurred)
                if random.chance(0.3) { r.fulfilled = occurred.adding(days: random.int(in: 0...40)) }
                if random.chance(0.08) { r.retracted = occurred.adding(days: random.int(in: 0...40)) }
                records.append(r)
                if let fulfilled = r.fulfilled, random.chance(0.5) {
                    let applied = fulfilled.adding(days: random.int(in: 0...20))
                    let decision: Repair.Decision? =
                        random.chance(0.3) ? nil : (random.chance(0.5) ? .granted : .refused)
                    repairs.append(
                        Repair(
                            id: Int64(repairs.count + 1), recordID: r.id, applied: applied, commitment: "c",
                            decision: decision,
                            decided: decision == nil ? nil : applied.adding(days: random.int(in: 0...25))))
                }
                if random.chance(0.25) {
                    let opened = occurred.adding(days: random.int(in: 0...20))
                    let answered = random.chance(0.6) ? opened.adding(days: random.int(in: 0...30)) : nil
                    disputes.append(
                        Dispute(
                            id: Int64(disputes.count + 1), recordID: r.id, opened: opened,
                            answer: answered == nil ? nil : (random.chance(0.8) ? .upheld : .retracted),
                            answered: answered, ground: random.chance(0.3) ? .identityTheft : .error))
                    if let answered, disputes[disputes.count - 1].answer == .upheld, random.chance(0.5) {
                        let appealed = answered.adding(days: random.int(in: 0...10))
                        disputes[disputes.count - 1].appeal = Dispute.Appeal(
                            opened: appealed, reason: "appeal",
                            decision: random.chance(0.5) ? .confirmed : nil,
                            decided: nil)
                        if disputes[disputes.count - 1].appeal?.decision != nil {
                            disputes[disputes.count - 1].appeal?.decided = appealed.adding(days: random.int(in: 0...40))
                        }
                    }
                }
            }
            for list in policy.lists where !list.permits.isEmpty && random.chance(0.5) {
                let from = origin.adding(days: random.int(in: 0...120))
                let decision: Permit.Decision? = random.chance(0.2) ? nil : (random.chance(0.8) ? .granted : .refused)
                permits.append(
                    Permit(
                        id: Int64(permits.count + 1), subject: person, list: list.id, action: list.permits[0],
                        purpose: .other, explanation: "e", from: from,
                        to: from.adding(days: random.int(in: 0...(list.permitMaxDays - 1))), applied: from,
                        agencies: ["agency"], decision: decision,
                        decided: decision == nil ? nil : from.adding(days: random.int(in: -2...2))))
            }
            for _ in 0..<4 {
                let asOf = origin.adding(days: random.int(in: -5...140))
                let rating = engine.rate(
                    person, records: records, disputes: disputes, repairs: repairs, permits: permits, asOf: asOf)
                let expected = Self.reference(
                    policy: policy, subject: person, records: records, disputes: disputes, repairs: repairs, on: asOf)
                let actual = Expected(
                    score: rating.score, tier: rating.tier.id,
                    lists: Dictionary(uniqueKeysWithValues: rating.listings.map { ($0.list.id, ($0.since, $0.until)) }))
                #expect(
                    actual == expected,
                    "round \(round), subject \(subjectIndex), \(asOf): \(records) \(disputes) \(repairs)")
                // "On a day inside a granted permit's window, a check of that action which only L would deny is
                // allowed": each list denies unless a permit for it and the action is granted for the day.
                for action in ["a0", "a1", "a2", "p0"] {
                    let decision = try engine.check(rating, action: action)
                    let restricted = policy.lists.contains { list in
                        expected.lists[list.id] != nil && list.restricts.contains(action)
                            && !permits.contains {
                                $0.list == list.id && $0.action == action && $0.decision == .granted && $0.from <= asOf
                                    && asOf <= $0.to && $0.decided! <= asOf
                            }
                    }
                    let tierOK = action != "p0" || policy.tier(expected.tier)!.min >= policy.tier("mid")!.min
                    #expect(decision.allowed == (!restricted && tierOK))
                }
            }
        }
    }

    @Test("the reference's own rounding is half away from zero")
    func referenceRounding() {
        #expect(Fraction(1, 2).rounded == 1)
        #expect(Fraction(-1, 2).rounded == -1)
        #expect(Fraction(5, 2).rounded == 3)
        #expect(Fraction(-5, 2).rounded == -3)
        #expect(Fraction(7, 3).rounded == 2)
        #expect(Fraction(-7, 3).rounded == -2)
        #expect(Fraction(8, 3).rounded == 3)
    }
}

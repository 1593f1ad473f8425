import Dispatch
import Foundation

extension RecordColumns {
    /// Rates every subject on `day` under the engine's policy, in one pass over the columns.
    ///
    /// The result equals `RatingEngine.rate` subject by subject (a test holds them together): the same
    /// precedence of statuses, the same exact per-kind sums and caps, the same rounding.
    ///
    /// The subjects are shared among `shares` threads (by default one per core, for 100,000 subjects or
    /// more); the result does not depend on how many.
    public func rate(with engine: RatingEngine, asOf day: Day, shares: Int? = nil) -> RatedColumns {
        let policy = engine.policy
        let plan = RatingPlan(policy: policy, kindNames: kindNames)
        let baseTier = plan.tier(forScore: policy.score.base)
        var scores = [Int32](repeating: Int32(policy.score.base), count: subjects.count)
        var tiers = [UInt8](repeating: baseTier, count: subjects.count)
        // Subjects are independent: each core rates a contiguous share into its own part of the arrays.
        let shares = max(1, shares ?? (subjects.count < 100_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount))
        let parts = Locked<[[Int32: [StandingIndex.Membership]]]>([])
        scores.withUnsafeMutableBufferPointer { scores in
            tiers.withUnsafeMutableBufferPointer { tiers in
                let output = UnsafeOutput(scores: scores, tiers: tiers)
                DispatchQueue.concurrentPerform(iterations: shares) { share in
                    let range = subjects.count * share / shares..<subjects.count * (share + 1) / shares
                    let memberships = rate(range, plan: plan, policy: policy, day: day, into: output)
                    parts.withLock { $0.append(memberships) }
                }
            }
        }
        let memberships = parts.withLock { $0 }.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        return RatedColumns(asOf: day, scores: scores, tiers: tiers, memberships: memberships)
    }

    /// Rates the subjects in `range`, writing their scores and tiers; returns their list memberships.
    private func rate(
        _ range: Range<Int>, plan: RatingPlan, policy: Policy, day: Day, into output: UnsafeOutput
    ) -> [Int32: [StandingIndex.Membership]] {
        let date = day.ordinal
        let responseDays = Int32(policy.disputeResponseDays)
        let reviewDays = Int32(policy.dueProcess.reviewDays)
        let repairDays = Int32(policy.dueProcess.repairResponseDays)
        var memberships: [Int32: [StandingIndex.Membership]] = [:]

        // Scratch space per subject, reset after each.
        var numerators = [Int64](repeating: 0, count: policy.kinds.count)
        var counting = [Bool](repeating: false, count: policy.kinds.count)
        var touched: [Int] = []
        var since = [Int32](repeating: Int32.max, count: policy.lists.count)
        var until = [Int32](repeating: Int32.min, count: policy.lists.count)
        // The day since which every record keeping the subject on a list is contested (`Int32.max`: not all).
        var contestedSince = [Int32](repeating: Int32.max, count: policy.lists.count)
        var listed: [Int] = []

        for subject in range {
            let first = Int(starts[subject])
            let end = Int(starts[subject + 1])
            guard first < end else { continue }
            var adulthood: Int32?
            for record in first..<end {
                let k = plan.policyKind[Int(kinds[record])]
                guard k >= 0 else { continue }
                let kind = plan.kinds[k]
                let occurred = occurred[record]
                let age = date &- occurred
                let isRetracted = retracted[record]
                var suspended = false
                var contested = Int32.max
                if let recordDisputes = disputes[Int32(record)] {
                    for days in recordDisputes {
                        if days.suspends(on: date, responseDays: responseDays, reviewDays: reviewDays) {
                            suspended = true
                        }
                        contested = min(contested, days.contestedSince(on: date))
                    }
                }
                let repaired =
                    repairs[Int32(record)]?.contains { $0.repairs(on: date, responseDays: repairDays) } ?? false
                let isFulfilled = fulfilled[record] <= date
                if !isRetracted && age >= 0 && age < kind.lastsDays && !suspended && !repaired {
                    let milli = isFulfilled ? kind.fulfilledMilli : kind.pointsMilli
                    numerators[k] += kind.linear ? milli * Int64(kind.lastsDays - age) : milli
                    if !counting[k] {
                        counting[k] = true
                        touched.append(k)
                    }
                }
                guard !isRetracted, !suspended, !repaired, !isFulfilled, age >= 0, !plan.listsOfKind[k].isEmpty else {
                    continue
                }
                // A record never lists a person who was a minor on its `occurred` date.
                if adulthood == nil { adulthood = subjects[subject].adulthoodOrdinal }
                guard occurred >= adulthood! else { continue }
                for list in plan.listsOfKind[k] {
                    let starts = occurred &+ plan.noticeDays[list]
                    let ends = starts &+ plan.maxDays[list]
                    guard date >= starts, date < ends else { continue }
                    if since[list] == Int32.max {
                        listed.append(list)
                        contestedSince[list] = contested
                    } else {
                        contestedSince[list] = Listing.disputedSince(contestedSince[list], contested)
                    }
                    since[list] = min(since[list], starts)
                    until[list] = max(until[list], ends)
                }
            }
            if !touched.isEmpty {
                touched.sort()
                var sum = ExactSum(over: plan.commonDenominator)
                sum.add(Int64(policy.score.base) * 1000, over: 1)
                for k in touched {
                    let kind = plan.kinds[k]
                    let denominator: Int64 = kind.linear ? Int64(kind.lastsDays) : 1
                    var numerator = numerators[k]
                    if let cap = kind.capMilli {
                        numerator = Swift.min(Swift.max(numerator, -cap * denominator), cap * denominator)
                    }
                    sum.add(numerator, over: denominator)
                    numerators[k] = 0
                    counting[k] = false
                }
                touched.removeAll(keepingCapacity: true)
                let score = Swift.min(Swift.max(sum.rounded(dividingBy: 1000), policy.score.min), policy.score.max)
                output.scores[subject] = Int32(score)
                output.tiers[subject] = plan.tier(forScore: score)
            }
            if !listed.isEmpty {
                listed.sort()
                memberships[Int32(subject)] = listed.map {
                    StandingIndex.Membership(
                        list: Int32($0), since: Day(ordinal: since[$0]), until: Day(ordinal: until[$0]),
                        disputedSince: contestedSince[$0] == Int32.max ? nil : Day(ordinal: contestedSince[$0]))
                }
                for list in listed {
                    since[list] = Int32.max
                    until[list] = Int32.min
                    contestedSince[list] = Int32.max
                }
                listed.removeAll(keepingCapacity: true)
            }
        }
        return memberships
    }
}

/// The arrays the shares of a re-rating write into, each share its own range of positions.
private struct UnsafeOutput: @unchecked Sendable {
    let scores: UnsafeMutableBufferPointer<Int32>
    let tiers: UnsafeMutableBufferPointer<UInt8>
}

/// A value shared by the shares of a re-rating, behind a lock.
private final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}

/// A policy laid out for the rating loop: kinds by the columns' kind codes, lists by kind.
struct RatingPlan {
    struct Kind {
        var pointsMilli: Int64
        var fulfilledMilli: Int64
        var lastsDays: Int32
        var linear: Bool
        var capMilli: Int64?
    }

    let kinds: [Kind]
    /// The policy's kind index for each kind code of the columns, or -1 for a kind the policy lacks.
    let policyKind: [Int]
    let listsOfKind: [[Int]]
    let maxDays: [Int32]
    let noticeDays: [Int32]
    /// What every score is summed over (`ExactSum.commonDenominator(of:)`).
    let commonDenominator: Int64
    private let tierMinimums: [Int]

    init(policy: Policy, kindNames: [String]) {
        kinds = policy.kinds.map {
            Kind(
                pointsMilli: $0.pointsMilli, fulfilledMilli: $0.fulfilledPointsMilli, lastsDays: Int32($0.lastsDays),
                linear: $0.decay == .linear, capMilli: $0.capMilli)
        }
        var index: [String: Int] = [:]
        for (position, kind) in policy.kinds.enumerated() { index[kind.id] = position }
        policyKind = kindNames.map { index[$0] ?? -1 }
        listsOfKind = policy.kinds.map { kind in
            policy.lists.indices.filter { policy.lists[$0].kinds.contains(kind.id) }
        }
        maxDays = policy.lists.map { Int32($0.maxDays) }
        noticeDays = policy.lists.map { Int32($0.noticeDays) }
        commonDenominator = policy.commonDenominator
        tierMinimums = policy.tiers.map(\.min)
    }

    /// The index of the tier a score falls in, as `Policy.tier(forScore:)` chooses it.
    func tier(forScore score: Int) -> UInt8 {
        UInt8(tierMinimums.firstIndex { $0 <= score } ?? tierMinimums.count - 1)
    }
}

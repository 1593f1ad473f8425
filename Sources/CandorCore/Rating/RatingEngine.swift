/// Applies a policy to a subject's records on a date, exactly as SPEC §3 "Rating semantics" states.
///
/// The engine is pure: records, disputes and the as-of date are parameters, and the same inputs give
/// the same rating on any machine. Scores are summed exactly (see `ExactSum`), so halves round away
/// from zero as written.
public struct RatingEngine: Sendable {
    public let policy: Policy
    private let kindIndex: [String: Int]
    private let listsOfKind: [String: [Int]]
    /// Every action and privilege by id: what a check needs to know of it.
    let checkRules: [String: CheckRule]
    /// What every score is summed over (`ExactSum.commonDenominator(of:)`).
    private let commonDenominator: Int64

    public init(policy: Policy) {
        self.policy = policy
        commonDenominator = policy.commonDenominator
        var kindIndex: [String: Int] = [:]
        for (index, kind) in policy.kinds.enumerated() { kindIndex[kind.id] = index }
        self.kindIndex = kindIndex
        var listsOfKind: [String: [Int]] = [:]
        for (index, list) in policy.lists.enumerated() {
            for kind in list.kinds { listsOfKind[kind, default: []].append(index) }
        }
        self.listsOfKind = listsOfKind
        var checkRules: [String: CheckRule] = [:]
        for privilege in policy.privileges {
            guard let required = policy.tier(privilege.minTier) else { continue }
            checkRules[privilege.id] = CheckRule(title: privilege.title, kind: .privilege, requiredTier: required)
        }
        // An action and a privilege with one id: the action decides, as the policy lists actions first.
        for action in policy.actions {
            checkRules[action.id] = CheckRule(title: action.title, kind: .action, requiredTier: nil)
        }
        self.checkRules = checkRules
    }

    /// Rates a subject's whole file on `asOf`.
    ///
    /// A person who holds roles in organisations is bound by those organisations' listings on `asOf`
    /// (`Rating.bindings`), read from `file.organisations`: their score and lists stay their own.
    public func rate(_ file: SubjectFile, asOf day: Day) -> Rating {
        var rating = rate(
            file.subject, records: file.records, disputes: file.disputes, repairs: file.repairs,
            permits: file.permits, asOf: day)
        rating.roles = file.roles
        if !file.roles.isEmpty {
            let listings = file.organisations.mapValues { organisation in
                rate(organisation, asOf: day).listings.map { ($0.list, $0.since, $0.until) }
            }
            rating.bindings = bindings(of: file.roles, on: day) { listings[$0] ?? [] }
        }
        return rating
    }

    /// Rates `subject` on `asOf` from all of its records, the disputes and repair applications about them,
    /// and its permits (the rating keeps those granted for a window that covers the day).
    ///
    /// Records of other subjects must not be passed. Disputes and repairs whose record is not among
    /// `records` are ignored.
    public func rate(
        _ subject: SubjectID, records: [Record], disputes: [Dispute] = [], repairs: [Repair] = [],
        permits: [Permit] = [], asOf day: Day
    ) -> Rating {
        let responseDays = policy.disputeResponseDays
        let reviewDays = policy.dueProcess.reviewDays
        let repairDays = policy.dueProcess.repairResponseDays
        var kindNumerators = [Int64](repeating: 0, count: policy.kinds.count)
        var kindCounts = [Int](repeating: 0, count: policy.kinds.count)
        var contributions: [Contribution] = []
        contributions.reserveCapacity(records.count)
        var listed: [Int: Listing] = [:]
        var notices: [ListNotice] = []
        // A record never lists a person who was a minor on its `occurred` date (SPEC §6, "Minors").
        let adulthood = subject.adulthood

        for record in records.sorted(by: { ($0.occurred, $0.id) < ($1.occurred, $1.id) }) {
            let recordDisputes = disputes.filter { $0.recordID == record.id && record.id != 0 }
            let retracted = record.retracted != nil || recordDisputes.contains { $0.answer == .retracted }
            let suspended = recordDisputes.contains {
                $0.suspends(on: day, responseDays: responseDays, reviewDays: reviewDays)
            }
            let repaired =
                record.id != 0
                && repairs.contains {
                    $0.recordID == record.id && $0.repairs(on: day, responseDays: repairDays)
                }
            // The day since which the record is contested by a dispute or appeal awaiting an answer.
            let contested = recordDisputes.compactMap { $0.contestedSince(on: day) }.min()
            guard let index = kindIndex[record.kind] else {
                contributions.append(
                    Contribution(
                        record: record, points: 0, status: .unknownKind, effectEnds: nil,
                        rule: "not a kind of policy \(policy.id) \(policy.version)"))
                continue
            }
            let kind = policy.kinds[index]
            let age = day.days(since: record.occurred)
            let fulfilled = record.fulfilled.map { $0 <= day } ?? false
            let status = Self.status(
                retracted: retracted, age: age, lastsDays: kind.lastsDays, repaired: repaired, suspended: suspended,
                fulfilled: fulfilled)

            var points = 0.0
            if status == .counting || status == .fulfilled {
                let milli = status == .fulfilled ? kind.fulfilledPointsMilli : kind.pointsMilli
                switch kind.decay {
                case .none:
                    kindNumerators[index] += milli
                    points = Double(milli) / 1000
                case .linear:
                    let remaining = Int64(kind.lastsDays - age)
                    kindNumerators[index] += milli * remaining
                    points = Double(milli * remaining) / Double(kind.lastsDays) / 1000
                }
                kindCounts[index] += 1
            }
            contributions.append(
                Contribution(
                    record: record, points: points, status: status,
                    effectEnds: record.occurred.adding(days: kind.lastsDays),
                    rule: Self.rule(for: kind)))

            guard !retracted, !suspended, !repaired, !fulfilled, age >= 0 else { continue }
            if let adulthood, record.occurred < adulthood { continue }
            for listIndex in listsOfKind[record.kind] ?? [] {
                let list = policy.lists[listIndex]
                let (starts, ends) = list.window(occurred: record.occurred)
                guard day < ends else { continue }
                guard day >= starts else {
                    notices.append(ListNotice(list: list, starts: starts, record: record))
                    continue
                }
                if var listing = listed[listIndex] {
                    listing.since = min(listing.since, starts)
                    listing.until = max(listing.until, ends)
                    listing.records.append(record)
                    listing.disputedSince = Listing.disputedSince(listing.disputedSince, contested)
                    listed[listIndex] = listing
                } else {
                    listed[listIndex] = Listing(
                        list: list, since: starts, until: ends, records: [record], disputedSince: contested)
                }
            }
        }

        var sum = ExactSum(over: commonDenominator)
        sum.add(Int64(policy.score.base) * 1000, over: 1)
        var kindTotals: [KindTotal] = []
        for (index, kind) in policy.kinds.enumerated() where kindCounts[index] > 0 {
            let denominator: Int64 = kind.decay == .linear ? Int64(kind.lastsDays) : 1
            var numerator = kindNumerators[index]
            let before = Double(numerator) / Double(denominator) / 1000
            if let cap = kind.capMilli {
                numerator = Swift.min(Swift.max(numerator, -cap * denominator), cap * denominator)
            }
            sum.add(numerator, over: denominator)
            kindTotals.append(
                KindTotal(
                    kind: kind.id, sum: before,
                    total: Double(numerator) / Double(denominator) / 1000))
        }
        let score = Swift.min(Swift.max(sum.rounded(dividingBy: 1000), policy.score.min), policy.score.max)
        return Rating(
            subject: subject, asOf: day, policy: policy.reference, base: policy.score.base,
            contributions: contributions, kindTotals: kindTotals, score: score,
            tier: policy.tier(forScore: score),
            listings: listed.keys.sorted().map { listed[$0]! },
            notices: notices.sorted { ($0.starts, $0.list.id, $0.record.id) < ($1.starts, $1.list.id, $1.record.id) },
            permits: permits.filter { $0.subject == subject && $0.covers(day) })
    }

    /// Where a record stands on the as-of date; the order of the tests is the order of precedence.
    static func status(
        retracted: Bool, age: Int, lastsDays: Int, repaired: Bool, suspended: Bool, fulfilled: Bool
    ) -> Contribution.Status {
        if retracted { return .retracted }
        if age < 0 { return .pending }
        if age >= lastsDays { return .expired }
        if repaired { return .repaired }
        if suspended { return .suspended }
        return fulfilled ? .fulfilled : .counting
    }

    /// The rule of a kind in words, as explanations show it.
    public static func rule(for kind: RecordKind, in language: Language = .en) -> String {
        var text = language.say(
            "{{points}} points for {{days}} days", ["points": formatPoints(kind.points), "days": "\(kind.lastsDays)"])
        if kind.decay == .linear { text += language.say(", fading linearly") }
        if kind.pointsMilli < 0 && kind.fulfilledPointsMilli != kind.pointsMilli {
            text += language.say(", {{points}} once fulfilled", ["points": formatPoints(kind.fulfilledPoints)])
        }
        if let cap = kind.cap {
            text += language.say(", kind capped at ±{{cap}}", ["cap": String(formatPoints(cap).trimmingPrefix("+"))])
        }
        return text
    }
}

/// A count with thousands separators: 1,234,567.
public func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, character) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(character)
    }
    return (value < 0 ? "-" : "") + result
}

/// Points as people read them: a sign, and decimals only where there are some.
public func formatPoints(_ value: Double, decimals: Int = 2) -> String {
    let sign = value > 0 ? "+" : (value < 0 ? "-" : "")
    let magnitude = abs(value)
    if magnitude == magnitude.rounded() { return sign + String(Int(magnitude)) }
    var scaled = Int((magnitude * pow10(decimals)).rounded())
    var digits = decimals
    while digits > 0 && scaled % 10 == 0 { scaled /= 10; digits -= 1 }
    let unit = Int(pow10(digits))
    let fraction = pad(scaled % unit, digits)
    return sign + "\(scaled / unit)" + (digits > 0 ? "." + fraction : "")
}

private func pow10(_ n: Int) -> Double {
    var value = 1.0
    for _ in 0..<n { value *= 10 }
    return value
}

/// Every record of a registry in memory, column by column and grouped by subject: what a full
/// re-rating reads.
///
/// A record takes 13 bytes (kind, occurred, fulfilled, retracted); disputes, which are few, are kept
/// aside by record. `rate(with:asOf:)` rates every subject from these columns in one pass, exactly as
/// `RatingEngine.rate` does from whole files.
public struct RecordColumns: Sendable {
    /// The subjects, in the order they were appended.
    public private(set) var subjects: [SubjectKey] = []
    /// The records of subject `i` are at `starts[i] ..< starts[i + 1]`.
    var starts: [Int32] = [0]
    /// The record's kind, as an index into `kindNames`.
    var kinds: [Int32] = []
    var occurred: [Int32] = []
    /// The fulfilment day, or `Int32.max` when there is none.
    var fulfilled: [Int32] = []
    /// Retracted on some date, or by a dispute's answer: a retracted record counts on no date.
    var retracted: [Bool] = []
    /// The disputes of a record that may suspend it: opened, and answered (upheld) or `Int32.max`.
    var disputes: [Int32: [(opened: Int32, answered: Int32)]] = [:]
    private(set) var kindNames: [String] = []
    private var kindCodes: [String: Int32] = [:]

    public init() {}

    /// How many records the columns hold.
    public var recordCount: Int { kinds.count }

    /// Appends one subject's whole file.
    public mutating func append(_ file: SubjectFile) {
        subjects.append(SubjectKey(file.subject))
        var position: [Int64: Int32] = [:]
        for record in file.records {
            let index = Int32(kinds.count)
            if record.id != 0 { position[record.id] = index }
            kinds.append(code(of: record.kind))
            occurred.append(record.occurred.ordinal)
            fulfilled.append(record.fulfilled?.ordinal ?? Int32.max)
            retracted.append(record.retracted != nil)
        }
        for dispute in file.disputes {
            guard let index = position[dispute.recordID] else { continue }
            if dispute.answer == .retracted {
                retracted[Int(index)] = true
            } else {
                disputes[index, default: []].append(
                    (dispute.opened.ordinal, dispute.answered?.ordinal ?? Int32.max))
            }
        }
        starts.append(Int32(kinds.count))
    }

    private mutating func code(of kind: String) -> Int32 {
        if let code = kindCodes[kind] { return code }
        let code = Int32(kindNames.count)
        kindNames.append(kind)
        kindCodes[kind] = code
        return code
    }
}

/// Every subject's score, tier and list memberships on one day, from `RecordColumns.rate`.
public struct RatedColumns: Sendable {
    public var asOf: Day
    public var scores: [Int32]
    /// The index of the subject's tier in the policy's tiers.
    public var tiers: [UInt8]
    /// The list memberships of the subjects (by position) who are on a list.
    var memberships: [Int32: [StandingIndex.Membership]]

    /// The ids of the lists subject `position` is on, in the policy's order.
    public func lists(of position: Int, in policy: Policy) -> [String] {
        (memberships[Int32(position)] ?? []).map { policy.lists[Int($0.list)].id }
    }
}

/// Every record of a registry in memory, column by column and grouped by subject: what a full
/// re-rating reads.
///
/// A record takes 13 bytes (kind, occurred, fulfilled, retracted); disputes and repair applications,
/// which are few, are kept aside by record. `rate(with:asOf:)` rates every subject from these columns in one pass, exactly as
/// `RatingEngine.rate` does from whole files.
public struct RecordColumns: Sendable {
    /// The subjects, in the order they were appended.
    public internal(set) var subjects: [SubjectKey] = []
    /// The records of subject `i` are at `starts[i] ..< starts[i + 1]`.
    var starts: [Int32] = [0]
    /// The record's kind, as an index into `kindNames`.
    var kinds: [Int32] = []
    var occurred: [Int32] = []
    /// The fulfilment day, or `Int32.max` when there is none.
    var fulfilled: [Int32] = []
    /// Retracted on some date, or by a dispute's answer: a retracted record counts on no date.
    var retracted: [Bool] = []
    /// The disputes of a record that may suspend it: opened, answered (upheld) or `Int32.max`, whether on
    /// the ground of identity theft, and its appeal's opening and decision days (`Int32.max` when none).
    var disputes: [Int32: [DisputeDays]] = [:]
    /// The repair applications of a record, which are fewer still: applied, decided or `Int32.max`, granted.
    var repairs: [Int32: [RepairDays]] = [:]
    public internal(set) var kindNames: [String] = []
    var kindCodes: [String: Int32] = [:]

    public init() {}

    /// A dispute as the one-pass re-rating needs it: days only.
    struct DisputeDays: Equatable {
        var opened, answered: Int32
        var identityTheft: Bool
        var appealed, decided: Int32

        init(opened: Int32, answered: Int32, identityTheft: Bool, appealed: Int32, decided: Int32) {
            (self.opened, self.answered, self.identityTheft) = (opened, answered, identityTheft)
            (self.appealed, self.decided) = (appealed, decided)
        }

        init(_ dispute: Dispute) {
            self.init(
                opened: dispute.opened.ordinal, answered: dispute.answered?.ordinal ?? Int32.max,
                identityTheft: dispute.ground == .identityTheft,
                appealed: dispute.appeal?.opened.ordinal ?? Int32.max,
                decided: dispute.appeal?.decided?.ordinal ?? Int32.max)
        }

        /// The day since which the dispute or its appeal contests the record on `day`, or `Int32.max`
        /// (`Dispute.contestedSince`).
        @inline(__always)
        func contestedSince(on day: Int32) -> Int32 {
            Dispute.contestedSince(on: day, opened: opened, answered: answered, appealed: appealed, decided: decided)
        }

        /// Whether the dispute or its appeal suspends the record on `day` (`Dispute.suspends`).
        @inline(__always)
        func suspends(on day: Int32, responseDays: Int32, reviewDays: Int32) -> Bool {
            Dispute.suspends(
                on: day, opened: opened, answered: answered, identityTheft: identityTheft, responseDays: responseDays)
                || Dispute.appealSuspends(on: day, appealed: appealed, decided: decided, reviewDays: reviewDays)
        }
    }

    /// A repair application as the one-pass re-rating needs it: days only.
    struct RepairDays: Equatable {
        var applied, decided: Int32
        var granted: Bool

        init(applied: Int32, decided: Int32, granted: Bool) {
            (self.applied, self.decided, self.granted) = (applied, decided, granted)
        }

        init(_ repair: Repair) {
            self.init(
                applied: repair.applied.ordinal, decided: repair.decided?.ordinal ?? Int32.max,
                granted: repair.decision == .granted)
        }

        /// Whether the application repairs the record on `day` (`Repair.repairs`).
        @inline(__always)
        func repairs(on day: Int32, responseDays: Int32) -> Bool {
            Repair.repairs(on: day, applied: applied, decided: decided, granted: granted, responseDays: responseDays)
        }
    }

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
                disputes[index, default: []].append(DisputeDays(dispute))
            }
        }
        for repair in file.repairs {
            guard let index = position[repair.recordID] else { continue }
            repairs[index, default: []].append(RepairDays(repair))
        }
        starts.append(Int32(kinds.count))
    }

    /// The columns with these subjects' files in place of what the columns held for them. Subjects new to
    /// the columns are merged in by identifier, so columns in identifier order stay in it.
    public func replacing(_ files: [SubjectFile]) -> RecordColumns {
        guard !files.isEmpty else { return self }
        var changed: [SubjectKey: SubjectFile] = [:]
        for file in files { changed[SubjectKey(file.subject)] = file }
        let edits = changed.sorted { $0.key < $1.key }
        guard isInIdentifierOrder else { return replacingUnordered(edits, changed: changed) }
        // Columns in identifier order (a snapshot's always are): each changed subject's place is found by
        // bisection, and the runs of subjects between them are copied whole.
        var parts: [Part] = []
        parts.reserveCapacity(2 * edits.count + 1)
        var copied = 0
        for (key, file) in edits {
            let place = firstPosition(notBefore: key, from: copied)
            if place > copied { parts.append(.kept(copied..<place)) }
            parts.append(.file(file))
            copied = place < subjects.count && subjects[place] == key ? place + 1 : place
        }
        if copied < subjects.count { parts.append(.kept(copied..<subjects.count)) }
        return assembled(parts)
    }

    /// `replacing` for columns in no particular order: the new subjects come after the others, sorted.
    private func replacingUnordered(
        _ edits: [(key: SubjectKey, value: SubjectFile)], changed: [SubjectKey: SubjectFile]
    ) -> RecordColumns {
        var changed = changed
        var parts: [Part] = []
        parts.reserveCapacity(subjects.count + edits.count)
        for (position, key) in subjects.enumerated() {
            parts.append(changed.removeValue(forKey: key).map(Part.file) ?? .kept(position..<position + 1))
        }
        parts += edits.filter { changed[$0.key] != nil }.map { .file($0.value) }
        return assembled(parts)
    }

    /// The first position at or after `start` whose subject is not before `key`.
    func firstPosition(notBefore key: SubjectKey, from start: Int) -> Int {
        var low = start
        var high = subjects.count
        while low < high {
            let middle = (low + high) / 2
            if subjects[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The same columns with the subjects in identifier order.
    public func inIdentifierOrder() -> RecordColumns {
        isInIdentifierOrder ? self : assembled(positionsInIdentifierOrder().map { .kept($0..<$0 + 1) })
    }

    /// Whether the subjects are in identifier order.
    public var isInIdentifierOrder: Bool { zip(subjects, subjects.dropFirst()).allSatisfy { $0 < $1 } }

    /// The subjects' positions in identifier order.
    public func positionsInIdentifierOrder() -> [Int] {
        subjects.indices.sorted { subjects[$0] < subjects[$1] }
    }

    /// A run of new columns: some of these columns' subjects, copied whole, or a file.
    private enum Part {
        case kept(Range<Int>)
        case file(SubjectFile)
    }

    /// New columns of `parts` in order, each kept subject's records and disputes carried over.
    private func assembled(_ parts: [Part]) -> RecordColumns {
        var result = RecordColumns()
        result.kindNames = kindNames
        result.kindCodes = kindCodes
        for array in [\RecordColumns.kinds, \.occurred, \.fulfilled] {
            result[keyPath: array].reserveCapacity(recordCount)
        }
        result.retracted.reserveCapacity(recordCount)
        result.subjects.reserveCapacity(subjects.count + parts.count)
        result.starts.reserveCapacity(subjects.count + parts.count + 1)
        // Where each kept subject's records moved by, to carry their disputes along.
        var shifts = [Int32?](repeating: nil, count: subjects.count)
        for part in parts {
            switch part {
            case let .file(file):
                result.append(file)
            case let .kept(positions):
                copy(positions, to: &result, shifts: &shifts)
            }
        }
        // The files appended above brought their own disputes and repairs; the kept subjects' move with them.
        carry(disputes, into: &result.disputes, by: shifts)
        carry(repairs, into: &result.repairs, by: shifts)
        return result
    }

    /// Appends these subjects to `result`, records and all, noting in `shifts` where each one's records
    /// moved by; their disputes and repairs follow with `carry`.
    func copy(_ positions: Range<Int>, to result: inout RecordColumns, shifts: inout [Int32?]) {
        let range = Int(starts[positions.lowerBound])..<Int(starts[positions.upperBound])
        let shift = Int32(result.kinds.count - range.lowerBound)
        for position in positions {
            shifts[position] = shift
            result.starts.append(starts[position + 1] + shift)
        }
        result.subjects.append(contentsOf: subjects[positions])
        result.kinds.append(contentsOf: kinds[range])
        result.occurred.append(contentsOf: occurred[range])
        result.fulfilled.append(contentsOf: fulfilled[range])
        result.retracted.append(contentsOf: retracted[range])
    }

    /// Puts values kept by record position into `result`, moved with their subjects by `shifts` (`nil`: the
    /// subject was replaced, and its file brought its own).
    func carry<Value>(_ byRecord: [Int32: Value], into result: inout [Int32: Value], by shifts: [Int32?]) {
        for (record, value) in byRecord {
            // The subject holding the record: the last whose start is at or before it.
            var low = 0
            var high = subjects.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= record { low = middle } else { high = middle - 1 }
            }
            if let shift = shifts[low] { result[record + shift] = value }
        }
    }

    mutating func code(of kind: String) -> Int32 { Self.code(of: kind, names: &kindNames, codes: &kindCodes) }

    /// The code of a kind in `names`, appending the kind when it is new.
    static func code(of kind: String, names: inout [String], codes: inout [String: Int32]) -> Int32 {
        if let code = codes[kind] { return code }
        let code = Int32(names.count)
        names.append(kind)
        codes[kind] = code
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

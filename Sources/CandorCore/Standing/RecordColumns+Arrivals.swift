/// New records of subjects that columns do not hold yet, days only, gathered while a bulk load stores
/// them: 13 bytes a record, and a subject and a position for each run of one subject's records, so a load
/// of a hundred million records fits in memory.
public struct RecordArrivals: Sendable {
    /// A run of consecutive arrivals of one subject, from `start` to the next run's start.
    struct Run {
        var key: SubjectKey
        var start: Int32
    }
    var runs: [Run] = []
    var kinds: [Int32] = []
    var occurred: [Int32] = []
    var fulfilled: [Int32] = []
    var retracted: [Bool] = []
    var kindNames: [String] = []
    var kindCodes: [String: Int32] = [:]

    public init() {}

    /// How many records arrived.
    public var count: Int { kinds.count }

    /// Adds a record as stored, in the order of the ids the store gave (each later than the one before).
    public mutating func add(_ record: Record) {
        let key = SubjectKey(record.subject)
        if runs.last?.key != key { runs.append(Run(key: key, start: Int32(count))) }
        kinds.append(RecordColumns.code(of: record.kind, names: &kindNames, codes: &kindCodes))
        occurred.append(record.occurred.ordinal)
        fulfilled.append(record.fulfilled?.ordinal ?? Int32.max)
        retracted.append(record.retracted != nil)
    }

    /// The positions of run `index`'s records.
    func records(of index: Int) -> Range<Int> {
        Int(runs[index].start)..<(index + 1 < runs.count ? Int(runs[index + 1].start) : count)
    }

    /// Drops the records of these subjects.
    public mutating func remove(subjects: Set<SubjectKey>) {
        guard !subjects.isEmpty else { return }
        var kept = RecordArrivals()
        (kept.kindNames, kept.kindCodes) = (kindNames, kindCodes)
        for index in runs.indices where !subjects.contains(runs[index].key) {
            let range = records(of: index)
            kept.runs.append(Run(key: runs[index].key, start: Int32(kept.count)))
            kept.kinds += kinds[range]
            kept.occurred += occurred[range]
            kept.fulfilled += fulfilled[range]
            kept.retracted += retracted[range]
        }
        self = kept
    }
}

extension RecordColumns {
    /// Whether the columns, in identifier order, hold the subject.
    public func contains(_ key: SubjectKey) -> Bool {
        let place = firstPosition(notBefore: key, from: 0)
        return place < subjects.count && subjects[place] == key
    }

    /// These columns, in identifier order, with the subjects of `arrivals` merged in by identifier, each
    /// with its records in the order they arrived — the columns `append` would make from their files.
    ///
    /// Every subject of `arrivals` must be new to these columns, and none of its records disputed or under
    /// repair: a bulk load's newly created records. `arrivals` ends up empty, its memory returned.
    public func adding(_ arrivals: inout RecordArrivals) -> RecordColumns {
        precondition(isInIdentifierOrder, "columns to add arrivals to are in identifier order")
        let incoming = arrivals
        arrivals = RecordArrivals()
        // The runs by subject, and a subject's runs in arrival order.
        let order = incoming.runs.indices.sorted {
            let (a, b) = (incoming.runs[$0].key, incoming.runs[$1].key)
            return a == b ? $0 < $1 : a < b
        }
        var result = RecordColumns()
        result.kindNames = kindNames
        result.kindCodes = kindCodes
        let total = recordCount + incoming.count
        for array in [\RecordColumns.kinds, \.occurred, \.fulfilled] { result[keyPath: array].reserveCapacity(total) }
        result.retracted.reserveCapacity(total)
        let codes = incoming.kindNames.map { result.code(of: $0) }
        var shifts = [Int32?](repeating: nil, count: subjects.count)
        var kept = 0
        var next = 0
        /// Copies the kept subjects before `end`, whole.
        func keep(upTo end: Int) {
            guard end > kept else { return }
            copy(kept..<end, to: &result, shifts: &shifts)
            kept = end
        }
        while next < order.count {
            let key = incoming.runs[order[next]].key
            let place = firstPosition(notBefore: key, from: kept)
            precondition(place == subjects.count || subjects[place] != key, "an arriving subject is new")
            keep(upTo: place)
            result.subjects.append(key)
            while next < order.count, incoming.runs[order[next]].key == key {
                for record in incoming.records(of: order[next]) {
                    result.kinds.append(codes[Int(incoming.kinds[record])])
                    result.occurred.append(incoming.occurred[record])
                    result.fulfilled.append(incoming.fulfilled[record])
                    result.retracted.append(incoming.retracted[record])
                }
                next += 1
            }
            result.starts.append(Int32(result.kinds.count))
        }
        keep(upTo: subjects.count)
        carry(disputes, into: &result.disputes, by: shifts)
        carry(repairs, into: &result.repairs, by: shifts)
        return result
    }
}

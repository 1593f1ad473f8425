/// New records of subjects that columns do not hold yet, days only, gathered while a bulk load stores
/// them: 17 bytes a record besides the subject, so a load of a hundred million records fits in memory.
public struct RecordArrivals: Sendable {
    var keys: [SubjectKey] = []
    var kinds: [Int32] = []
    var occurred: [Int32] = []
    var fulfilled: [Int32] = []
    var retracted: [Bool] = []
    var kindNames: [String] = []
    var kindCodes: [String: Int32] = [:]

    public init() {}

    /// How many records arrived.
    public var count: Int { keys.count }

    /// Adds a record as stored, in the order of the ids the store gave (each later than the one before).
    public mutating func add(_ record: Record) {
        keys.append(SubjectKey(record.subject))
        let code: Int32
        if let known = kindCodes[record.kind] {
            code = known
        } else {
            code = Int32(kindNames.count)
            kindNames.append(record.kind)
            kindCodes[record.kind] = code
        }
        kinds.append(code)
        occurred.append(record.occurred.ordinal)
        fulfilled.append(record.fulfilled?.ordinal ?? Int32.max)
        retracted.append(record.retracted != nil)
    }

    /// Drops the records of these subjects.
    public mutating func remove(subjects: Set<SubjectKey>) {
        guard !subjects.isEmpty else { return }
        let kept = keys.indices.filter { !subjects.contains(keys[$0]) }
        keys = kept.map { keys[$0] }
        kinds = kept.map { kinds[$0] }
        occurred = kept.map { occurred[$0] }
        fulfilled = kept.map { fulfilled[$0] }
        retracted = kept.map { retracted[$0] }
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
        // The arrivals by subject, and within a subject by arrival: a stable order.
        let order = (0..<Int32(incoming.count)).sorted {
            let (a, b) = (incoming.keys[Int($0)], incoming.keys[Int($1)])
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
            let key = incoming.keys[Int(order[next])]
            let place = firstPosition(notBefore: key, from: kept)
            precondition(place == subjects.count || subjects[place] != key, "an arriving subject is new")
            keep(upTo: place)
            result.subjects.append(key)
            while next < order.count, incoming.keys[Int(order[next])] == key {
                let record = Int(order[next])
                result.kinds.append(codes[Int(incoming.kinds[record])])
                result.occurred.append(incoming.occurred[record])
                result.fulfilled.append(incoming.fulfilled[record])
                result.retracted.append(incoming.retracted[record])
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

import Foundation

extension RecordColumns {
    /// The columns as byte blocks, each an array in memory order, for a file that keeps them between runs
    /// (`ColumnsSnapshot` seals and writes them): subjects, record starts, kinds, occurred, fulfilled,
    /// retracted, the disputes as (record, opened, answered, identity theft 0 or 1, appealed, decided), and
    /// the repair applications as (record, applied, decided, granted 0 or 1).
    public var blocks: [Data] {
        var disputes: [Int32] = []
        for (record, list) in self.disputes.sorted(by: { $0.key < $1.key }) {
            for days in list {
                disputes += [
                    record, days.opened, days.answered, days.identityTheft ? 1 : 0, days.appealed, days.decided,
                ]
            }
        }
        var repairs: [Int32] = []
        for (record, list) in self.repairs.sorted(by: { $0.key < $1.key }) {
            for days in list { repairs += [record, days.applied, days.decided, days.granted ? 1 : 0] }
        }
        return [
            bytes(of: subjects), bytes(of: starts), bytes(of: kinds), bytes(of: occurred), bytes(of: fulfilled),
            bytes(of: retracted), bytes(of: disputes), bytes(of: repairs),
        ]
    }

    /// How many blocks `blocks` gives.
    public static let blockCount = 8

    /// Columns from the `blocks` of columns with these kind names, subject and record counts; `nil` when the
    /// blocks do not fit together.
    public init?(blocks: [Data], kindNames: [String], subjects subjectCount: Int, records: Int) {
        guard blocks.count == Self.blockCount else { return nil }
        self.init()
        do {
            subjects = try array(of: SubjectKey.self, from: blocks[0])
            starts = try array(of: Int32.self, from: blocks[1])
            kinds = try array(of: Int32.self, from: blocks[2])
            occurred = try array(of: Int32.self, from: blocks[3])
            fulfilled = try array(of: Int32.self, from: blocks[4])
            retracted = try array(of: UInt8.self, from: blocks[5]).map { $0 != 0 }
            let disputes = try array(of: Int32.self, from: blocks[6])
            let repairs = try array(of: Int32.self, from: blocks[7])
            guard disputes.count % 6 == 0, repairs.count % 4 == 0, subjects.count == subjectCount,
                starts.count == subjectCount + 1,
                kinds.count == records, occurred.count == records, fulfilled.count == records,
                retracted.count == records, starts.last.map(Int.init) == records
            else { return nil }
            for start in stride(from: 0, to: disputes.count, by: 6) {
                self.disputes[disputes[start], default: []].append(
                    DisputeDays(
                        opened: disputes[start + 1], answered: disputes[start + 2],
                        identityTheft: disputes[start + 3] == 1, appealed: disputes[start + 4],
                        decided: disputes[start + 5]))
            }
            for start in stride(from: 0, to: repairs.count, by: 4) {
                self.repairs[repairs[start], default: []].append(
                    RepairDays(
                        applied: repairs[start + 1], decided: repairs[start + 2], granted: repairs[start + 3] == 1))
            }
        } catch {
            return nil
        }
        self.kindNames = kindNames
        for (code, name) in kindNames.enumerated() { kindCodes[name] = Int32(code) }
    }
}

/// A block that is not a whole number of elements.
private struct MisshapenBlock: Error {}

private func bytes<T>(of array: [T]) -> Data {
    array.withUnsafeBytes { Data($0) }
}

private func array<T>(of type: T.Type, from data: Data) throws -> [T] {
    let stride = MemoryLayout<T>.stride
    guard data.count % stride == 0 else { throw MisshapenBlock() }
    return [T](unsafeUninitializedCapacity: data.count / stride) { buffer, count in
        _ = data.copyBytes(to: UnsafeMutableRawBufferPointer(buffer))
        count = data.count / stride
    }
}

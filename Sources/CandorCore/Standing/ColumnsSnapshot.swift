import Foundation

/// Record columns saved beside a store, sealed, with the point of the access log they reflect, so a
/// restart or an export loads them instead of reading every record again.
///
/// The store's records stay the source of truth: a snapshot is used only when the access log still
/// holds its entry with the same hash, and then only after the subjects changed since that entry are
/// read again from the store (`RecordColumns.replacing`). Any damage fails the seal and the snapshot is
/// rebuilt. The file begins with a line naming the format, then blocks, each a little-endian 64-bit
/// length and the block sealed by `DataSealer.sealBlock` with its position as context: block 0 is the
/// header (JSON), the others the columns, an array each. Without the data key nothing in it is readable.
public struct ColumnsSnapshot: Sendable {
    public var columns: RecordColumns
    /// The last access log entry whose changes the columns reflect, and that entry's hash.
    public var sequence: Int64
    public var hash: String

    static let magic = Data("CANDOR COLUMNS 1\n".utf8)

    public init(columns: RecordColumns, sequence: Int64, hash: String) {
        self.columns = columns
        self.sequence = sequence
        self.hash = hash
    }

    private struct Header: Codable {
        var sequence: Int64
        var hash: String
        var kindNames: [String]
        var subjects: Int
        var records: Int
    }

    /// Writes the snapshot to a new file beside `path` and moves it over `path`, so a reader sees the old
    /// snapshot or the new one, whole.
    public func save(to path: String, sealer: DataSealer) throws {
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let handle = FileHandle(forWritingAtPath: temporary) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary])
        }
        do {
            try handle.write(contentsOf: Self.magic)
            var position = 0
            func block(_ data: Data) throws {
                let sealed = sealer.sealBlock(data, context: "candor columns block \(position)")
                position += 1
                withUnsafeBytes(of: UInt64(sealed.count).littleEndian) { handle.write(Data($0)) }
                try handle.write(contentsOf: sealed)
            }
            let header = Header(
                sequence: sequence, hash: hash, kindNames: columns.kindNames, subjects: columns.subjects.count,
                records: columns.recordCount)
            try block(try JSONEncoder().encode(header))
            try block(bytes(of: columns.subjects))
            try block(bytes(of: columns.starts))
            try block(bytes(of: columns.kinds))
            try block(bytes(of: columns.occurred))
            try block(bytes(of: columns.fulfilled))
            try block(bytes(of: columns.retracted))
            var disputes: [Int32] = []
            for (record, list) in columns.disputes.sorted(by: { $0.key < $1.key }) {
                for (opened, answered) in list { disputes += [record, opened, answered] }
            }
            try block(bytes(of: disputes))
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// Reads a snapshot, or `nil` when there is none or it does not open whole under this data key.
    public static func load(from path: String, sealer: DataSealer) -> ColumnsSnapshot? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        do {
            guard try handle.read(upToCount: magic.count) == magic else { return nil }
            var position = 0
            func block() throws -> Data {
                guard let length = try handle.read(upToCount: 8), length.count == 8 else { throw SealedValueError() }
                let count = length.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
                guard let sealed = try handle.read(upToCount: count), sealed.count == count else {
                    throw SealedValueError()
                }
                defer { position += 1 }
                return try sealer.openBlock(sealed, context: "candor columns block \(position)")
            }
            let header = try JSONDecoder().decode(Header.self, from: try block())
            var columns = RecordColumns()
            columns.subjects = try array(of: SubjectKey.self, from: try block())
            columns.starts = try array(of: Int32.self, from: try block())
            columns.kinds = try array(of: Int32.self, from: try block())
            columns.occurred = try array(of: Int32.self, from: try block())
            columns.fulfilled = try array(of: Int32.self, from: try block())
            columns.retracted = try array(of: UInt8.self, from: try block()).map { $0 != 0 }
            let disputes = try array(of: Int32.self, from: try block())
            guard disputes.count % 3 == 0, columns.subjects.count == header.subjects,
                columns.starts.count == header.subjects + 1, columns.kinds.count == header.records,
                columns.occurred.count == header.records, columns.fulfilled.count == header.records,
                columns.retracted.count == header.records, columns.starts.last.map(Int.init) == header.records
            else { return nil }
            for start in stride(from: 0, to: disputes.count, by: 3) {
                columns.disputes[disputes[start], default: []].append((disputes[start + 1], disputes[start + 2]))
            }
            columns.kindNames = header.kindNames
            for (code, name) in header.kindNames.enumerated() { columns.kindCodes[name] = Int32(code) }
            return ColumnsSnapshot(columns: columns, sequence: header.sequence, hash: header.hash)
        } catch {
            return nil
        }
    }
}

private func bytes<T>(of array: [T]) -> Data {
    array.withUnsafeBytes { Data($0) }
}

private func array<T>(of type: T.Type, from data: Data) throws -> [T] {
    let stride = MemoryLayout<T>.stride
    guard data.count % stride == 0 else { throw SealedValueError() }
    return [T](unsafeUninitializedCapacity: data.count / stride) { buffer, count in
        _ = data.copyBytes(to: UnsafeMutableRawBufferPointer(buffer))
        count = data.count / stride
    }
}

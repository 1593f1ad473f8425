import CandorCore
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

    /// Format 4 keeps each dispute's ground and appeal, and the repair applications; a file of an earlier
    /// format is rebuilt from the records.
    static let magic = Data("CANDOR COLUMNS 4\n".utf8)

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
            for part in columns.blocks { try block(part) }
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
            let parts = try (0..<RecordColumns.blockCount).map { _ in try block() }
            guard
                let columns = RecordColumns(
                    blocks: parts, kindNames: header.kindNames, subjects: header.subjects, records: header.records)
            else { return nil }
            return ColumnsSnapshot(columns: columns, sequence: header.sequence, hash: header.hash)
        } catch {
            return nil
        }
    }
}

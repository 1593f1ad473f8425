import Foundation

/// Reads the rows of a record file (or an officer file) in chunks: the CSV header or the NDJSON keys are
/// checked against the fields such a file may carry, and each row comes out as text fields, or as a
/// problem naming its line.
public struct RecordRowParser: Sendable {
    public let format: RecordFileFormat
    /// The fields a row may carry: `RecordDecoder.fields` or `OfficerDecoder.fields`.
    public let fields: [String]
    private var tokenizer = CSVTokenizer()
    private var header: [String]?
    private var pendingLine: [UInt8] = []
    private var lineNumber = 0

    public init(format: RecordFileFormat, fields: [String] = RecordDecoder.fields) {
        self.format = format
        self.fields = fields
    }

    /// Consumes a chunk of the file, calling `emit` for each complete row.
    /// - Throws: `RecordFileError` when the CSV header is unusable; no row can be read then.
    public mutating func feed(
        _ chunk: some Collection<UInt8>,
        emit: (Result<RawRow, RowProblem>) throws -> Void
    ) throws {
        switch format {
        case .csv:
            var tokenizer = self.tokenizer
            defer { self.tokenizer = tokenizer }
            try tokenizer.feed(chunk) { row in try take(csv: row, emit: emit) }
        case .ndjson:
            var start = chunk.startIndex
            while let newline = chunk[start...].firstIndex(of: 10) {
                pendingLine.append(contentsOf: chunk[start..<newline])
                try takeJSONLine(emit: emit)
                start = chunk.index(after: newline)
            }
            pendingLine.append(contentsOf: chunk[start...])
        }
    }

    /// Completes a last row that has no line break after it.
    public mutating func finish(emit: (Result<RawRow, RowProblem>) throws -> Void) throws {
        switch format {
        case .csv:
            var tokenizer = self.tokenizer
            defer { self.tokenizer = tokenizer }
            try tokenizer.finish { row in try take(csv: row, emit: emit) }
        case .ndjson:
            if !pendingLine.isEmpty { try takeJSONLine(emit: emit) }
        }
    }

    private mutating func take(csv row: CSVTokenizer.Row, emit: (Result<RawRow, RowProblem>) throws -> Void) throws {
        guard let header else {
            var names = row.fields.map { $0.trimmingWhitespace().lowercased() }
            if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0] = String(first.dropFirst()) }
            self.header = try Self.checkHeader(names, fields: fields)
            return
        }
        guard row.fields.count == header.count else {
            try emit(
                .failure(
                    RowProblem(
                        line: row.line, field: nil,
                        message: "has \(row.fields.count) fields but the header has \(header.count)")))
            return
        }
        var fields: [String: String] = [:]
        for (name, value) in zip(header, row.fields) { fields[name] = value }
        try emit(.success(RawRow(line: row.line, fields: fields)))
    }

    static func checkHeader(_ names: [String], fields: [String] = RecordDecoder.fields) throws -> [String] {
        var seen: Set<String> = []
        for (index, name) in names.enumerated() {
            guard fields.contains(name) else {
                throw RecordFileError(
                    description: "line 1: column \(index + 1) is '\(name)', which is not a field of such a file; "
                        + "the columns are \(fields.joined(separator: ", "))")
            }
            guard seen.insert(name).inserted else {
                throw RecordFileError(description: "line 1: column '\(name)' appears twice")
            }
        }
        return names
    }

    private mutating func takeJSONLine(emit: (Result<RawRow, RowProblem>) throws -> Void) throws {
        lineNumber += 1
        defer { pendingLine.removeAll(keepingCapacity: true) }
        if pendingLine.last == 13 { pendingLine.removeLast() }
        guard pendingLine.contains(where: { $0 != 32 && $0 != 9 }) else { return }
        try emit(Self.decodeJSON(pendingLine, line: lineNumber, fields: fields))
    }

    /// One NDJSON line as a row, or the problem with it.
    public static func decodeJSON(_ bytes: [UInt8], line: Int, fields: [String] = RecordDecoder.fields)
        -> Result<RawRow, RowProblem>
    {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) else {
            return .failure(RowProblem(line: line, field: nil, message: "is not a JSON object"))
        }
        return row(fromJSON: object, line: line, fields: fields)
    }

    /// A parsed JSON value as a row: it must be an object whose keys are record fields and whose values
    /// are strings (or a number, for the amount), or null.
    public static func row(fromJSON object: Any, line: Int, fields known: [String] = RecordDecoder.fields)
        -> Result<RawRow, RowProblem>
    {
        guard let dictionary = object as? [String: Any] else {
            return .failure(RowProblem(line: line, field: nil, message: "is not a JSON object"))
        }
        var fields: [String: String] = [:]
        // Keys in order, so a line with several faults always reports the same one first.
        for (key, value) in dictionary.sorted(by: { $0.key < $1.key }) {
            guard known.contains(key) else {
                return .failure(
                    RowProblem(
                        line: line, field: key,
                        message: "is not a field of such a row; the keys are " + known.joined(separator: ", ")))
            }
            switch value {
            case let text as String: fields[key] = text
            case is NSNull: continue
            case let number as NSNumber where key == "amount" && String(cString: number.objCType) != "c":
                fields[key] = number.stringValue
            default:
                return .failure(
                    RowProblem(
                        line: line, field: key, message: "must be a string" + (key == "amount" ? " or a number" : "")))
            }
        }
        return .success(RawRow(line: line, fields: fields))
    }
}

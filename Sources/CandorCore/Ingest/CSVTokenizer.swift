/// Splits CSV (RFC 4180) into rows of fields, fed in chunks of any size so a file is never held whole.
///
/// Quoted fields may contain commas, doubled quotes and line breaks; lines may end in LF or CRLF.
/// Each row carries the 1-based line on which it starts. Blank lines are skipped.
public struct CSVTokenizer: Sendable {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var rowLine = 1
    private var pendingCR = false

    public init() {}

    /// Consumes `bytes`, calling `emit` for each row completed by them.
    public mutating func feed(_ bytes: some Sequence<UInt8>, emit: (Row) throws -> Void) rethrows {
        let done: Void? = try bytes.withContiguousStorageIfAvailable { buffer in try feed(buffer, emit: emit) }
        if done == nil { try Array(bytes).withUnsafeBufferPointer { buffer in try feed(buffer, emit: emit) } }
    }

    private mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, emit: (Row) throws -> Void) rethrows {
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if pendingCR {
                pendingCR = false
                if byte == 10 { continue }
            }
            switch state {
            case .quoted:
                if byte == 34 {
                    state = .quoteInQuoted
                } else {
                    if byte == 10 { line += 1 }
                    field.append(byte)
                }
            case .quoteInQuoted:
                if byte == 34 {
                    field.append(34)
                    state = .quoted
                } else {
                    state = .unquoted
                    try take(byte, emit: emit)
                }
            case .fieldStart where byte == 34:
                state = .quoted
            case .fieldStart, .unquoted:
                state = .unquoted
                // The rest of an unquoted field up to a comma or line break, taken in one piece.
                var end = position - 1
                while end < bytes.count, bytes[end] != 44, bytes[end] != 10, bytes[end] != 13 { end += 1 }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(position - 1)..<end]))
                guard end < bytes.count else {
                    position = end
                    continue
                }
                try take(bytes[end], emit: emit)
                position = end + 1
            }
        }
    }

    /// Completes the last row when the input does not end with a line break.
    public mutating func finish(emit: (Row) throws -> Void) rethrows {
        if !fields.isEmpty || !field.isEmpty || state != .fieldStart {
            try endRow(emit: emit)
        }
    }

    private mutating func take(_ byte: UInt8, emit: (Row) throws -> Void) rethrows {
        switch byte {
        case 44:
            endField()
        case 10, 13:
            pendingCR = byte == 13
            try endRow(emit: emit)
            line += 1
            rowLine = line
        default:
            field.append(byte)
        }
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endRow(emit: (Row) throws -> Void) rethrows {
        endField()
        let row = Row(line: rowLine, fields: fields)
        fields.removeAll(keepingCapacity: true)
        if !(row.fields.count == 1 && row.fields[0].isEmpty) { try emit(row) }
        rowLine = line
    }
}

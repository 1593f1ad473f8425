/// A row of an ingest file that could not be accepted: where it is, which field, and why.
public struct RowProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the file where the row starts.
    public var line: Int
    /// The field at fault, or `nil` when the row as a whole is malformed.
    public var field: String?
    public var message: String

    public init(line: Int, field: String?, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        "line \(line)" + (field.map { ", field '\($0)'" } ?? "") + ": \(message)"
    }
}

/// One row of an ingest file, as text fields by column or key name.
public struct RawRow: Sendable, Equatable {
    public var line: Int
    public var fields: [String: String]

    public init(line: Int, fields: [String: String]) {
        self.line = line
        self.fields = fields
    }
}

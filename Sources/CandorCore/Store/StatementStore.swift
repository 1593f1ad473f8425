import Foundation

/// A subject's own statements about their records (SPEC §6, "Statements"): one per record, replaced when
/// written again, shown wherever the record is read.
public protocol StatementStore: Sendable {
    /// The statements on a subject's records, by record id.
    func statements(of subject: SubjectID) async throws -> [Int64: String]

    /// Attaches `text` to `record` (replacing an earlier statement) and logs it, in one transaction.
    func setStatement(_ text: String, on record: Record, at time: Date, accessor: Accessor) async throws
}

/// What a statement may say.
public enum RecordStatement {
    /// The longest statement, in characters.
    public static let maxLength = 500
}

/// The formats a file of records may come in.
public enum RecordFileFormat: String, Sendable, CaseIterable {
    /// Comma-separated values with a header row naming the columns, in any order.
    case csv
    /// One JSON object per line, with the same keys as the CSV columns.
    case ndjson

    /// The format a file name's extension suggests: `.csv`, or `.ndjson`, `.jsonl` and `.json`.
    public init?(path: String) {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") {
            self = .csv
        } else if lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".json") {
            self = .ndjson
        } else {
            return nil
        }
    }
}

/// A file that cannot be read as records at all, such as one whose header names an unknown column.
public struct RecordFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

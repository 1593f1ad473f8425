import Foundation

/// The access log: an append-only hash chain, written in the same transaction as what it records.
public protocol AccessLogStore: Sendable {
    /// Submits records as `submit(_:at:)` does, and logs one access entry per subject for `accessor`
    /// in the same transaction.
    func submit(_ records: [Record], at time: Date, accessor: Accessor) async throws -> [SubmissionOutcome]

    /// Reads a subject's file, lets `body` answer from it, and appends the access entry `body` returns
    /// — all in one transaction, so no answer is given that the log does not show.
    func access<T: Sendable>(
        _ subject: SubjectID, at time: Date,
        _ body: @escaping @Sendable (SubjectFile) throws -> (T, AccessNote)
    ) async throws -> T

    /// Appends entries for accesses that read nothing, such as refused requests.
    func log(_ notes: [(SubjectID, AccessNote)], at time: Date) async throws

    /// Appends one entry about every subject at once (an export, a simulation): an entry with no subject,
    /// which every subject's `accessLog` includes.
    func logRegistryWide(_ note: AccessNote, at time: Date) async throws

    /// Entries in sequence order after `sequence`: all of them, or one subject's with the registry-wide ones.
    func accessLog(subject: SubjectID?, after sequence: Int64, limit: Int) async throws -> [AccessEntry]

    /// The sequence of the newest access log entry; 0 for an empty log.
    func lastAccessSequence() async throws -> Int64

    /// The subjects of the entries after `sequence`, up to and including `through`, that changed records
    /// or disputes (entries of kind `change`), without reading the other entries.
    func subjectsChanged(after sequence: Int64, through last: Int64) async throws -> [SubjectID]

    /// The stored hashes of the access log's Merkle tree, of the nodes asked for that are stored: every
    /// complete subtree, written in the same transaction as the entries it covers (see `TreeHashes`).
    func treeNodes(_ nodes: Set<TreeNode>) async throws -> [TreeNode: Data]

    /// Keeps a signed checkpoint of the log, taken at `time` when the log had `size` entries.
    func keepCheckpoint(_ note: String, size: Int, at time: Date) async throws

    /// The newest checkpoint kept, if any.
    func latestCheckpoint() async throws -> KeptCheckpoint?
}

/// A signed checkpoint of the access log as the registry kept it.
public struct KeptCheckpoint: Sendable, Equatable {
    public var note: String
    public var size: Int
    public var at: Date

    public init(note: String, size: Int, at: Date) {
        self.note = note
        self.size = size
        self.at = at
    }
}

/// A store that can append access log entries on the calling thread, returning once they are durable:
/// the check log's group commit writes through it from a queue of its own.
public protocol BlockingLogStore: Sendable {
    /// Appends entries as `AccessLogStore.log(_:at:)` does, blocking the calling thread until they are committed.
    func logBlocking(_ notes: [(SubjectID, AccessNote)], at time: Date) throws
}

import CandorCore
import Foundation

extension Registry {
    /// Appends one entry about every subject at once, which every subject's log shows, before a bulk read.
    func logRegistryWide(_ action: String, by caller: Caller, purpose: String) async throws {
        try await store.logRegistryWide(
            AccessNote(caller.accessor(purpose), action: action, answer: "shown", kind: .registry), at: clock())
    }

    /// The most entries one read of the log returns.
    public static let maxLogPage = 1_000

    /// A page of the access log: a subject key reads its own; an auditor any subject's, or the whole log.
    /// A read of a subject's entries is itself logged on that subject.
    public func accessLog(subject subjectText: String?, after: Int64, limit: Int, by caller: Caller) async throws
        -> [AccessEntry]
    {
        guard (1...Self.maxLogPage).contains(limit) else {
            throw RegistryError.invalid(
                code: "invalid-limit", field: "limit", message: "must be from 1 to \(Self.maxLogPage), not \(limit)")
        }
        guard after >= 0 else {
            throw RegistryError.invalid(code: "invalid-after", field: "after", message: "must be 0 or more")
        }
        var subject: SubjectID?
        var purpose = "own file"
        if case let .key(grant) = caller, grant.role == .subject {
            subject = try caller.ownSubject()
        } else {
            if case .key = caller { _ = try caller.grant(.auditor) }
            purpose = "audit"
            subject = try subjectText.map { text throws(RegistryError) in try Self.subject(text) }
        }
        guard let subject else {
            try await logRegistryWide("read access log", by: caller, purpose: purpose)
            return try await store.accessLog(subject: nil, after: after, limit: limit)
        }
        try await checkLog.append(
            subject, AccessNote(caller.accessor(purpose), action: "read access log", answer: "shown"))
        return try await store.accessLog(subject: subject, after: after, limit: limit)
    }

    /// An inclusion proof of one of a subject's own entries in the log's tree of `size` entries (default:
    /// the whole log), from O(log n) stored nodes; logged on the subject.
    public func inclusionProof(sequence: Int64, size: Int?, by caller: Caller) async throws -> InclusionProof {
        let subject = try caller.ownSubject()
        let logged = "read access log proof \(sequence)"
        let treeSize = try await logSize()
        let entry = sequence >= 1 ? try await store.accessLog(subject: nil, after: sequence - 1, limit: 1).first : nil
        guard let entry, entry.sequence == sequence, entry.subject == nil || entry.subject == subject else {
            throw try await refuse(
                .notFound("your access log has no entry \(sequence)"), on: subject, by: caller, purpose: "own file",
                action: logged)
        }
        let index = Int(sequence - 1)
        let size = size ?? treeSize
        // A size is a whole number from 1 (the API document says so); a tree of that size without the entry,
        // or one the log has not reached, is not there to prove against: 404.
        guard size >= 1 else {
            throw try await refuse(
                .invalid(code: "invalid-size", field: "size", message: "a tree size is a whole number from 1"),
                on: subject, by: caller, purpose: "own file", action: logged)
        }
        guard index < size, size <= treeSize else {
            throw try await refuse(
                .notFound("entry \(sequence) is in trees of \(index + 1) to \(treeSize) entries, not of \(size)"),
                on: subject, by: caller, purpose: "own file", action: logged)
        }
        try await checkLog.append(subject, AccessNote(caller.accessor("own file"), action: logged, answer: "shown"))
        let (root, proof) = try await store.fromStoredTree { tree in
            (try tree.root(size: size), try tree.inclusionProof(index: index, size: size))
        }
        return InclusionProof(
            sequence: sequence, index: index, size: size, leafHash: entry.leafHash.hex, rootHash: root.hex,
            proof: proof.map(\.hex))
    }
}

/// The audit path proving that an entry is in the log's tree of `size` entries.
public struct InclusionProof: Sendable, Encodable {
    public var sequence: Int64
    public var index, size: Int
    public var leafHash, rootHash: String
    public var proof: [String]
}

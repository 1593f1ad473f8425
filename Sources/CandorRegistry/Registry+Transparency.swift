import CandorCore
import Foundation
import ServiceLifecycle

/// The access log as a transparency log in the manner of Certificate Transparency: signed checkpoints in
/// the C2SP `tlog-checkpoint` format, kept, issued on a schedule and on request at most once per interval,
/// and consistency proofs between any two sizes — each from O(log n) stored tree nodes.
extension Registry {
    /// The number of entries in the log, which is the size of its tree.
    public func logSize() async throws -> Int { Int(try await store.lastAccessSequence()) }

    /// The newest checkpoint: the one kept when the log has not grown since or it is younger than the
    /// interval; otherwise a new one, signed and kept. Concurrent requests share one issuance.
    public func checkpoint() async throws -> KeptCheckpoint {
        try await checkpoints.current(maxAge: limits.checkpointInterval, now: clock) {
            try await issueCheckpoint()
        }
    }

    /// Signs a checkpoint of the log as it is now and keeps it, unless the newest kept one is of the same
    /// size: then that one is answered.
    func issueCheckpoint() async throws -> KeptCheckpoint {
        let size = try await logSize()
        if let kept = try await store.latestCheckpoint(), kept.size == size { return kept }
        let root = try await store.fromStoredTree { try $0.root(size: size) }
        let note = try Checkpoint(origin: logSigner.name, size: size, rootHash: root).signed(by: logSigner)
        let kept = KeptCheckpoint(note: note, size: size, at: clock())
        try await store.keepCheckpoint(note, size: size, at: kept.at)
        return kept
    }

    /// The proof that the log's tree of `from` entries is a prefix of its tree of `to` (default: now).
    public func consistencyProof(from: Int, to: Int?) async throws -> ConsistencyProof {
        let size = try await logSize()
        let to = to ?? size
        guard 1 <= from, 1 <= to else {
            throw RegistryError.invalid(
                code: "invalid-sizes", field: from < 1 ? "from" : "to", message: "sizes are whole numbers from 1")
        }
        // Well-formed sizes with no proof between them name nothing the log has: 404.
        guard from <= to, to <= size else {
            throw RegistryError.notFound(
                "the log has no consistency proof from size \(from) to size \(to): ask for 1 ≤ from ≤ to ≤ \(size), "
                    + "the log's size now")
        }
        return try await store.fromStoredTree { tree in
            ConsistencyProof(
                from: from, to: to, fromRoot: try tree.root(size: from).hex, toRoot: try tree.root(size: to).hex,
                proof: try tree.consistencyProof(from: from, to: to).map(\.hex))
        }
    }
}

extension AccessLogStore {
    /// Why the tree the store keeps (and serves checkpoints and proofs from) is not `tree`, the tree rebuilt
    /// from the entries, or `nil` when it is: a stored leaf beyond the last entry shows entries removed from
    /// the end; another root, a damaged tree.
    public func storedTreeProblem(matching tree: MerkleTree) async throws -> String? {
        let beyond = try await treeNodes([TreeNode(level: 0, index: tree.size)])
        if !beyond.isEmpty {
            return "The registry's stored tree covers more than its \(grouped(tree.size)) entries: entries were "
                + "removed from the end of the log."
        }
        do {
            let stored = try await fromStoredTree { try $0.root(size: tree.size) }
            if stored != tree.root() {
                return "The registry's stored tree does not match its entries: its checkpoints and proofs are wrong."
            }
        } catch let error as MissingTreeNode {
            return "The registry's stored tree is incomplete: \(error)"
        }
        return nil
    }

    /// Runs a computation over the log's stored tree, fetching the nodes it reads all at once.
    public func fromStoredTree<T>(_ operation: (TreeHashes) throws -> T) async throws -> T {
        let found = try await treeNodes(TreeHashes.nodes(readBy: operation))
        return try operation(
            TreeHashes { node in
                guard let hash = found[node] else { throw MissingTreeNode(node: node) }
                return hash
            })
    }
}

/// The proof that the log's tree of `from` entries is a prefix of its tree of `to` entries (RFC 6962).
public struct ConsistencyProof: Sendable, Codable, Equatable {
    public var from, to: Int
    public var fromRoot, toRoot: String
    public var proof: [String]
}

/// The newest checkpoint, remembered for an interval, and one issuance at a time however many ask.
actor CheckpointCache {
    private var latest: KeptCheckpoint?
    private var issuing: Task<KeptCheckpoint, any Error>?

    func current(
        maxAge: Duration, now: @Sendable () -> Date, issue: @escaping @Sendable () async throws -> KeptCheckpoint
    ) async throws -> KeptCheckpoint {
        if let latest, now().timeIntervalSince(latest.at) < maxAge.seconds { return latest }
        if let issuing { return try await issuing.value }
        let task = Task { try await issue() }
        issuing = task
        defer { issuing = nil }
        let kept = try await task.value
        latest = kept
        return kept
    }

    func remember(_ kept: KeptCheckpoint) { latest = kept }
}

/// Issues a checkpoint every interval while the log grows, so that witnesses find fresh ones.
public struct CheckpointSchedule: Service {
    let registry: Registry

    public init(registry: Registry) {
        self.registry = registry
    }

    public func run() async throws {
        let interval = registry.limits.checkpointInterval
        while !Task.isCancelled {
            do {
                let kept = try await registry.issueCheckpoint()
                await registry.checkpoints.remember(kept)
            } catch {
                registry.logger.warning("could not issue a checkpoint of the access log: \(error)")
            }
            // A shutdown ends the wait at once rather than after the interval.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
        }
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

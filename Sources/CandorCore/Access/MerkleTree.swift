import Crypto
import Foundation

/// A node of a log's Merkle tree that covers a complete, aligned run of leaves: leaves
/// `index · 2^level ..< (index + 1) · 2^level`. Only such nodes are ever stored: they never change once
/// their last leaf is appended, and every other hash of the tree is made from O(log n) of them.
public struct TreeNode: Hashable, Sendable, Comparable {
    public var level: Int
    public var index: Int

    public init(level: Int, index: Int) {
        self.level = level
        self.index = index
    }

    public static func < (a: TreeNode, b: TreeNode) -> Bool { (a.level, a.index) < (b.level, b.index) }
}

/// The hashes and proofs of a Merkle tree in the form of RFC 6962 (and RFC 9162 §2.1), the tree of a
/// Certificate Transparency log, computed from its complete subtrees as `read` gives them.
///
/// Leaves hash as SHA-256(0x00 ‖ leaf) and nodes as SHA-256(0x01 ‖ left ‖ right), so no leaf can pass for
/// a node. A tree of n leaves splits at the largest power of two smaller than n, so every left subtree is
/// complete and aligned: a root or a proof reads O(log n) stored nodes, never the leaves.
public struct TreeHashes {
    public typealias Read = (TreeNode) throws -> Data
    let read: Read

    public init(read: @escaping Read) {
        self.read = read
    }

    public static func leafHash(_ leaf: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: [UInt8(0)])
        hasher.update(data: leaf)
        return Data(hasher.finalize())
    }

    public static func nodeHash(_ left: Data, _ right: Data) -> Data { Data(SHA256.hash(data: [1] + left + right)) }

    /// The root of the first `size` leaves (the tree head at that size); SHA-256 of nothing when empty.
    public func root(size: Int) throws -> Data {
        size == 0 ? Data(SHA256.hash(data: Data())) : try hash(0..<size)
    }

    /// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 6962 §2.1.1).
    public func inclusionProof(index: Int, size: Int) throws -> [Data] {
        precondition(0 <= index && index < size, "no leaf \(index) in a tree of \(size)")
        return try path(index, 0..<size)
    }

    /// The proof that the tree of `old` leaves is a prefix of the tree of `new` leaves (RFC 6962 §2.1.2).
    public func consistencyProof(from old: Int, to new: Int) throws -> [Data] {
        precondition(0 < old && old <= new, "no consistency proof from \(old) to \(new)")
        return try subproof(old, 0..<new, complete: true)
    }

    /// The stored nodes `operation` reads, so that a store can fetch them all at once before it runs:
    /// which nodes a root or proof needs depends only on the sizes and indices, never on the hashes.
    public static func nodes<T>(readBy operation: (TreeHashes) throws -> T) -> Set<TreeNode> {
        var seen = Set<TreeNode>()
        let recorder = TreeHashes { node in
            seen.insert(node)
            return Data(count: 32)
        }
        _ = try? operation(recorder)
        return seen
    }

    /// The hash of leaves `range`: one stored node when the range is a complete aligned subtree.
    func hash(_ range: Range<Int>) throws -> Data {
        let n = range.count
        if n & (n - 1) == 0, range.lowerBound % n == 0 {
            return try read(TreeNode(level: n.trailingZeroBitCount, index: range.lowerBound / n))
        }
        let k = Self.split(n)
        return Self.nodeHash(
            try hash(range.lowerBound..<range.lowerBound + k), try hash(range.lowerBound + k..<range.upperBound))
    }

    private func path(_ index: Int, _ range: Range<Int>) throws -> [Data] {
        guard range.count > 1 else { return [] }
        let k = Self.split(range.count)
        let middle = range.lowerBound + k
        if index < k { return try path(index, range.lowerBound..<middle) + [hash(middle..<range.upperBound)] }
        return try path(index - k, middle..<range.upperBound) + [hash(range.lowerBound..<middle)]
    }

    private func subproof(_ m: Int, _ range: Range<Int>, complete: Bool) throws -> [Data] {
        if m == range.count { return complete ? [] : [try hash(range)] }
        let k = Self.split(range.count)
        let middle = range.lowerBound + k
        if m <= k {
            return try subproof(m, range.lowerBound..<middle, complete: complete) + [hash(middle..<range.upperBound)]
        }
        return try subproof(m - k, middle..<range.upperBound, complete: false) + [hash(range.lowerBound..<middle)]
    }

    /// The largest power of two smaller than `n` (n > 1).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// The nodes to store when leaves with `leafHashes` are appended to a tree of `size` leaves: each new
    /// leaf, and each complete subtree it completes. `read` gives the stored nodes it builds on (at most one
    /// per level); use `nodes(appending:)` to learn which those are before reading them.
    public static func appending(_ leafHashes: [Data], to size: Int, read: Read) rethrows -> [(TreeNode, Data)] {
        var made: [TreeNode: Data] = [:]
        var nodes: [(TreeNode, Data)] = []
        for (offset, leafHash) in leafHashes.enumerated() {
            var node = TreeNode(level: 0, index: size + offset)
            var hash = leafHash
            made[node] = hash
            nodes.append((node, hash))
            while node.index & 1 == 1 {
                let sibling = TreeNode(level: node.level, index: node.index - 1)
                hash = nodeHash(try made[sibling] ?? read(sibling), hash)
                node = TreeNode(level: node.level + 1, index: node.index >> 1)
                made[node] = hash
                nodes.append((node, hash))
            }
        }
        return nodes
    }

    /// The stored nodes that appending `count` leaves to a tree of `size` leaves builds on.
    public static func nodes(appending count: Int, to size: Int) -> Set<TreeNode> {
        var seen = Set<TreeNode>()
        _ = appending(Array(repeating: Data(count: 32), count: count), to: size) { node in
            seen.insert(node)
            return Data(count: 32)
        }
        return seen
    }

    /// Whether `proof` shows that `leafHash` is leaf `index` of the tree of `size` leaves with `root`
    /// (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leafHash: Data, index: Int, size: Int, proof: [Data], root: Data) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows that the tree of `oldSize` leaves with `oldRoot` is a prefix of the tree of
    /// `newSize` leaves with `newRoot` (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(oldSize: Int, newSize: Int, oldRoot: Data, newRoot: Data, proof: [Data])
        -> Bool
    {
        guard oldSize > 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}

/// A Merkle tree held in memory, leaf by leaf: the reference the stored tree is checked against (`candor
/// audit verify` rebuilds the log's tree this way), with the same hashes and proofs as `TreeHashes`.
public struct MerkleTree: Sendable {
    /// The leaf hashes, in order.
    public private(set) var leafHashes: [Data]
    /// The complete subtrees so far, as a store keeps them.
    private var nodes: [TreeNode: Data] = [:]

    public init(leaves: [Data] = []) {
        leafHashes = []
        for leaf in leaves { append(leaf) }
    }

    public init(leafHashes: [Data]) {
        self.leafHashes = []
        for hash in leafHashes { append(leafHash: hash) }
    }

    public var size: Int { leafHashes.count }

    public mutating func append(_ leaf: Data) { append(leafHash: TreeHashes.leafHash(leaf)) }

    public mutating func append(leafHash: Data) {
        let nodes = self.nodes
        for (node, hash) in TreeHashes.appending([leafHash], to: size, read: { nodes[$0]! }) {
            self.nodes[node] = hash
        }
        leafHashes.append(leafHash)
    }

    /// The stored form of the tree: every complete subtree's hash.
    public var completeSubtrees: [TreeNode: Data] { nodes }

    private var hashes: TreeHashes {
        let nodes = self.nodes
        return TreeHashes(read: { nodes[$0]! })
    }

    public static func leafHash(_ leaf: Data) -> Data { TreeHashes.leafHash(leaf) }

    /// The root of the first `size` leaves; SHA-256 of nothing when empty.
    public func root(size: Int? = nil) -> Data {
        let n = size ?? self.size
        precondition(n <= self.size, "the tree has only \(self.size) leaves")
        return try! hashes.root(size: n)
    }

    public func inclusionProof(index: Int, size: Int) -> [Data] {
        precondition(size <= self.size, "no leaf \(index) in a tree of \(size)")
        return try! hashes.inclusionProof(index: index, size: size)
    }

    public func consistencyProof(from old: Int, to new: Int) -> [Data] {
        precondition(new <= self.size, "no consistency proof from \(old) to \(new)")
        return try! hashes.consistencyProof(from: old, to: new)
    }

    public static func verifyInclusion(leafHash: Data, index: Int, size: Int, proof: [Data], root: Data) -> Bool {
        TreeHashes.verifyInclusion(leafHash: leafHash, index: index, size: size, proof: proof, root: root)
    }

    public static func verifyConsistency(oldSize: Int, newSize: Int, oldRoot: Data, newRoot: Data, proof: [Data])
        -> Bool
    {
        TreeHashes.verifyConsistency(
            oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
    }
}

/// A tree node a root or proof needs that the store does not hold: the stored tree was damaged.
public struct MissingTreeNode: Error, CustomStringConvertible {
    public var node: TreeNode

    public init(node: TreeNode) {
        self.node = node
    }

    public var description: String {
        "the access log's stored tree has no node at level \(node.level), index \(node.index): it was damaged; "
            + "run `candor audit verify` and restore the registry from a backup"
    }
}

import Crypto
import Foundation

/// A Merkle tree in the form of RFC 6962 (and RFC 9162 §2.1): the hashes, audit (inclusion) paths and
/// consistency proofs of a Certificate Transparency log, over any list of leaves.
///
/// Leaves hash as SHA-256(0x00 ‖ leaf) and nodes as SHA-256(0x01 ‖ left ‖ right), so no leaf can pass for
/// a node. A tree of n leaves splits at the largest power of two smaller than n.
public struct MerkleTree: Sendable {
    /// The leaf hashes, in order.
    public private(set) var leafHashes: [Data]

    public init(leaves: [Data] = []) {
        leafHashes = leaves.map(Self.leafHash)
    }

    public init(leafHashes: [Data]) {
        self.leafHashes = leafHashes
    }

    public var size: Int { leafHashes.count }

    public mutating func append(_ leaf: Data) { leafHashes.append(Self.leafHash(leaf)) }

    public static func leafHash(_ leaf: Data) -> Data { Data(SHA256.hash(data: [0] + leaf)) }

    public static func nodeHash(_ left: Data, _ right: Data) -> Data { Data(SHA256.hash(data: [1] + left + right)) }

    /// The root of the first `size` leaves (the tree head at that size); SHA-256 of nothing when empty.
    public func root(size: Int? = nil) -> Data {
        let n = size ?? self.size
        precondition(n <= self.size, "the tree has only \(self.size) leaves")
        return n == 0 ? Data(SHA256.hash(data: Data())) : hash(0..<n)
    }

    /// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 6962 §2.1.1).
    public func inclusionProof(index: Int, size: Int) -> [Data] {
        precondition(index < size && size <= self.size, "no leaf \(index) in a tree of \(size)")
        return path(index, 0..<size)
    }

    /// The proof that the tree of `old` leaves is a prefix of the tree of `new` leaves (RFC 6962 §2.1.2).
    public func consistencyProof(from old: Int, to new: Int) -> [Data] {
        precondition(0 < old && old <= new && new <= self.size, "no consistency proof from \(old) to \(new)")
        return subproof(old, 0..<new, complete: true)
    }

    private func hash(_ range: Range<Int>) -> Data {
        if range.count == 1 { return leafHashes[range.lowerBound] }
        let k = Self.split(range.count)
        return Self.nodeHash(
            hash(range.lowerBound..<range.lowerBound + k), hash(range.lowerBound + k..<range.upperBound))
    }

    private func path(_ index: Int, _ range: Range<Int>) -> [Data] {
        guard range.count > 1 else { return [] }
        let k = Self.split(range.count)
        let middle = range.lowerBound + k
        if index < k { return path(index, range.lowerBound..<middle) + [hash(middle..<range.upperBound)] }
        return path(index - k, middle..<range.upperBound) + [hash(range.lowerBound..<middle)]
    }

    private func subproof(_ m: Int, _ range: Range<Int>, complete: Bool) -> [Data] {
        if m == range.count { return complete ? [] : [hash(range)] }
        let k = Self.split(range.count)
        let middle = range.lowerBound + k
        if m <= k {
            return subproof(m, range.lowerBound..<middle, complete: complete) + [hash(middle..<range.upperBound)]
        }
        return subproof(m - k, middle..<range.upperBound, complete: false) + [hash(range.lowerBound..<middle)]
    }

    /// The largest power of two smaller than `n` (n > 1).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
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

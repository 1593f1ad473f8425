import Foundation
import Testing

@testable import CandorCore

/// The Merkle tree against the RFC 6962 test vectors used by Certificate Transparency logs.
@Suite("Merkle tree (RFC 6962)")
struct MerkleTreeTests {
    static let leaves = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ].map(hex)

    /// The tree heads of the first 1 to 8 leaves.
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(hex)

    static func hex(_ text: String) -> Data {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return Data(bytes)
    }

    let tree = MerkleTree(leaves: leaves)

    @Test("tree heads of 0 to 8 leaves")
    func roots() {
        #expect(MerkleTree().root() == Self.hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
        for size in 1...8 { #expect(tree.root(size: size) == Self.roots[size - 1], "size \(size)") }
    }

    @Test("audit paths match the vectors and verify; every altered path fails")
    func inclusion() {
        #expect(
            tree.inclusionProof(index: 0, size: 8)
                == [
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ].map(Self.hex))
        #expect(
            tree.inclusionProof(index: 5, size: 8)
                == [
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ].map(Self.hex))
        for size in 1...8 {
            for index in 0..<size {
                let proof = tree.inclusionProof(index: index, size: size)
                let leaf = tree.leafHashes[index]
                #expect(
                    MerkleTree.verifyInclusion(
                        leafHash: leaf, index: index, size: size, proof: proof,
                        root: Self.roots[size - 1]))
                // Another size's head is never this tree's.
                #expect(
                    !MerkleTree.verifyInclusion(
                        leafHash: leaf, index: index, size: size, proof: proof,
                        root: Self.roots[size % 8]))
                for position in proof.indices {
                    var altered = proof
                    altered[position][0] ^= 1
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leafHash: leaf, index: index, size: size, proof: altered,
                            root: Self.roots[size - 1]))
                }
                if size > 1 {
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leafHash: leaf, index: (index + 1) % size, size: size,
                            proof: proof, root: Self.roots[size - 1]))
                }
            }
        }
    }

    @Test("consistency proofs match the vectors and verify; altered proofs and wrong heads fail")
    func consistency() {
        #expect(
            tree.consistencyProof(from: 1, to: 8)
                == [
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ].map(Self.hex))
        #expect(
            tree.consistencyProof(from: 6, to: 8)
                == [
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ].map(Self.hex))
        #expect(
            MerkleTree(leafHashes: Array(tree.leafHashes.prefix(5))).consistencyProof(from: 2, to: 5)
                == [
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ].map(Self.hex))
        for new in 1...8 {
            for old in 1...new {
                let proof = tree.consistencyProof(from: old, to: new)
                let (oldRoot, newRoot) = (Self.roots[old - 1], Self.roots[new - 1])
                #expect(
                    MerkleTree.verifyConsistency(
                        oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot,
                        proof: proof), "\(old) → \(new)")
                guard old < new else { continue }
                #expect(
                    !MerkleTree.verifyConsistency(
                        oldSize: old, newSize: new, oldRoot: newRoot, newRoot: oldRoot,
                        proof: proof))
                for position in proof.indices {
                    var altered = proof
                    altered[position][0] ^= 1
                    #expect(
                        !MerkleTree.verifyConsistency(
                            oldSize: old, newSize: new, oldRoot: oldRoot,
                            newRoot: newRoot, proof: altered))
                }
            }
        }
    }
}

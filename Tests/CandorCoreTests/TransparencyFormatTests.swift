import Foundation
import Testing

@testable import CandorCore

/// The stored tree's costs and the C2SP signed-note and checkpoint formats.
@Suite("Stored tree and signed checkpoints")
struct TransparencyFormatTests {
    /// A tree of `size` leaves whose leaves are their indices.
    static func tree(_ size: Int) -> MerkleTree { MerkleTree(leaves: (0..<size).map { Data(String($0).utf8) }) }

    @Test("roots and proofs from stored nodes equal the reference and read O(log n) nodes")
    func storedReads() throws {
        let big = Self.tree(1_000)
        let nodes = big.completeSubtrees
        let stored = TreeHashes { node in
            guard let hash = nodes[node] else { throw MissingTreeNode(node: node) }
            return hash
        }
        for size in [1, 2, 3, 7, 8, 9, 513, 999, 1_000] {
            let reference = Self.tree(size)
            #expect(try stored.root(size: size) == reference.root())
            for index in [0, size / 2, size - 1] {
                let proof = try stored.inclusionProof(index: index, size: size)
                #expect(proof == reference.inclusionProof(index: index, size: size))
                #expect(
                    TreeHashes.verifyInclusion(
                        leafHash: reference.leafHashes[index], index: index, size: size, proof: proof,
                        root: reference.root()))
            }
            if size > 1 {
                #expect(
                    try stored.consistencyProof(from: size / 2, to: size)
                        == reference.consistencyProof(from: size / 2, to: size))
            }
            let logSize = Double(size).squareRoot() > 0 ? Int(log2(Double(size)).rounded(.up)) : 0
            #expect(TreeHashes.nodes(readBy: { try $0.root(size: size) }).count <= logSize + 1)
            #expect(TreeHashes.nodes(readBy: { try $0.inclusionProof(index: 0, size: size) }).count <= 2 * logSize + 1)
        }
        // Appending reads at most one stored node per level.
        #expect(TreeHashes.nodes(appending: 1, to: 1_023).count == 10)
        #expect(TreeHashes.nodes(appending: 1, to: 1_024).isEmpty)
    }

    @Test("the C2SP signed-note example verifies, and an altered note or another key does not")
    func signedNoteVector() throws {
        let verifier = try NoteVerifier(vkey: "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
        #expect(verifier.keyID == 0x530d_903a)
        let note = """
            This is an example message.

            — example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=

            """
        #expect(try verifier.open(note) == "This is an example message.\n")
        #expect(throws: NoteError.badSignature) {
            try verifier.open(note.replacingOccurrences(of: "example message", with: "example massage"))
        }
        let other = try NoteSigner(name: "example.com/foo")
        #expect(throws: NoteError.notSignedByKey("example.com/foo")) { try other.verifier.open(note) }
        #expect(throws: NoteError.self) {
            try NoteVerifier(vkey: "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
        }
    }

    @Test("a checkpoint is three lines signed by the log's key, and opens only with the key of its origin")
    func checkpointNote() throws {
        let signer = try NoteSigner(name: "registry.example/access-log")
        let root = Self.tree(5).root()
        let note = try Checkpoint(origin: signer.name, size: 5, rootHash: root).signed(by: signer)
        #expect(
            note.hasPrefix(
                "registry.example/access-log\n5\n\(root.base64EncodedString())\n\n— registry.example/access-log "))
        #expect(
            try Checkpoint.open(note, verifier: signer.verifier)
                == Checkpoint(origin: signer.name, size: 5, rootHash: root))
        #expect(try NoteVerifier(vkey: signer.verifier.vkey) == signer.verifier)
        let elsewhere = try NoteSigner(name: "other.example/log")
        #expect(throws: NoteError.notSignedByKey("other.example/log")) {
            try Checkpoint.open(note, verifier: elsewhere.verifier)
        }
        #expect(throws: NoteError.self) { try NoteSigner(name: "has space") }
    }

    @Test("base64url is read in its one canonical spelling only")
    func canonicalBase64URL() {
        let bytes = Data([0xfb, 0xff, 0x01])
        #expect(bytes.base64URLEncoded == "-_8B")
        #expect(Data(base64URLEncoded: "-_8B") == bytes)
        #expect(Data(base64URLEncoded: "-_8B=") == nil, "no padding")
        let two = Data([0xde, 0xad])
        let text = two.base64URLEncoded
        #expect(text == "3q0")
        #expect(Data(base64URLEncoded: "3q1") == nil, "non-zero unused bits spell the same bytes otherwise")
        #expect(Data(base64URLEncoded: "3q+") == nil, "standard alphabet refused")
    }
}

import CandorCore
import CandorHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The access log as an RFC 6962 Merkle tree: signed checkpoints, inclusion proofs of a subject's own
/// entries, and consistency proofs between checkpoints — all checked with the public key alone.
@Suite("Transparency log over HTTP")
struct TransparencyLogTests {
    func hex(_ text: String) -> Data { MerkleTreeHex.decode(text) }

    @Test("a signed checkpoint, an inclusion proof of one's own entry, and consistency with a later checkpoint")
    func proofs() async throws {
        try await RegistryHarness().test { client in
            let check = #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Ticket sale"}"#
            for _ in 0..<3 { _ = try await client.post("/v1/checks", as: "provider", json: check) }
            let keyResponse = try await client.get("/v1/attestations/public-key")
            let encodedKey = try #require(keyResponse.object["publicKey"] as? String)
            let key = try #require(Data(base64URLEncoded: encodedKey))

            let first = try await client.get("/v1/access-log/checkpoint").decode(Checkpoint.self)
            #expect(first.size == 3)
            #expect(first.verify(publicKey: key))
            var forged = first
            forged.size = 2
            #expect(!forged.verify(publicKey: key))

            let log = try await client.get("/v1/me/access-log", as: "person")
            let sequence = try #require((log.object["entries"] as? [[String: Any]])?.first?["sequence"] as? Int)
            let proof = try await client.get("/v1/me/access-log/proof?sequence=\(sequence)&size=3", as: "person").object
            let path = try #require(proof["proof"] as? [String]).map(hex)
            let leaf = hex(try #require(proof["leafHash"] as? String))
            #expect(
                MerkleTree.verifyInclusion(
                    leafHash: leaf, index: sequence - 1, size: 3, proof: path,
                    root: hex(first.rootHash)))
            let others = try await client.get("/v1/me/access-log/proof?sequence=\(sequence)", as: "company")
            #expect(others.status == .notFound, "a subject gets proofs of their own entries only")

            _ = try await client.post("/v1/checks", as: "provider", json: check)
            let second = try await client.get("/v1/access-log/checkpoint").decode(Checkpoint.self)
            #expect(second.size > first.size)
            let consistency = try await client.get("/v1/access-log/consistency?from=\(first.size)&to=\(second.size)")
                .object
            let steps = try #require(consistency["proof"] as? [String]).map(hex)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: first.size, newSize: second.size, oldRoot: hex(first.rootHash),
                    newRoot: hex(second.rootHash), proof: steps))
            #expect(try await client.get("/v1/access-log/consistency?from=9&to=2").status == .badRequest)
        }
    }
}

enum MerkleTreeHex {
    static func decode(_ text: String) -> Data {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return Data(bytes)
    }
}

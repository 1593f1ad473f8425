import CandorCore
import CandorHTTP
import CandorRegistry
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
        var limits = RegistryLimits.default
        limits.checkpointInterval = .zero
        try await RegistryHarness(limits: limits).test { client in
            let check = #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Ticket sale"}"#
            for _ in 0..<3 { _ = try await client.post("/v1/checks", as: "provider", json: check) }
            let verifier = try NoteVerifier(vkey: try await client.get("/v1/access-log/key").text)
            let note = try await client.get("/v1/access-log/checkpoint").text
            let first = try Checkpoint.open(note, verifier: verifier)
            #expect(first.size == 3)
            #expect(first.origin == "candor.local/access-log")
            let forged = note.replacingOccurrences(of: "\n3\n", with: "\n2\n")
            #expect(throws: NoteError.badSignature) { try Checkpoint.open(forged, verifier: verifier) }
            let attestationKeys = try await client.get("/.well-known/jwks.json").text
            #expect(
                !attestationKeys.contains(verifier.publicKey.base64URLEncoded), "checkpoints have a key of their own")

            let log = try await client.get("/v1/me/access-log", as: "person")
            let sequence = try #require((log.object["entries"] as? [[String: Any]])?.first?["sequence"] as? Int)
            let proof = try await client.get("/v1/me/access-log/proof?sequence=\(sequence)&size=3", as: "person").object
            let path = try #require(proof["proof"] as? [String]).map(hex)
            let leaf = hex(try #require(proof["leafHash"] as? String))
            #expect(
                MerkleTree.verifyInclusion(
                    leafHash: leaf, index: sequence - 1, size: 3, proof: path,
                    root: first.rootHash))
            let others = try await client.get("/v1/me/access-log/proof?sequence=\(sequence)", as: "company")
            #expect(others.status == .notFound, "a subject gets proofs of their own entries only")

            _ = try await client.post("/v1/checks", as: "provider", json: check)
            let second = try Checkpoint.open(try await client.get("/v1/access-log/checkpoint").text, verifier: verifier)
            #expect(second.size > first.size)
            let consistency = try await client.get("/v1/access-log/consistency?from=\(first.size)&to=\(second.size)")
                .object
            let steps = try #require(consistency["proof"] as? [String]).map(hex)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: first.size, newSize: second.size, oldRoot: first.rootHash,
                    newRoot: second.rootHash, proof: steps))
            // Sizes that are whole numbers but have no proof between them name nothing: 404; a size below 1
            // is not a size: 400.
            #expect(try await client.get("/v1/access-log/consistency?from=9&to=2").status == .notFound)
            #expect(try await client.get("/v1/access-log/consistency?from=1&to=999999").status == .notFound)
            #expect(try await client.get("/v1/access-log/consistency?from=0").status == .badRequest)
        }
    }
}

extension TransparencyLogTests {
    @Test("a checkpoint is issued at most once per interval, however many ask at once")
    func oncePerInterval() async throws {
        try await RegistryHarness().test { client in
            let check = #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Ticket sale"}"#
            _ = try await client.post("/v1/checks", as: "provider", json: check)
            let notes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await client.get("/v1/access-log/checkpoint").text } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(notes.count == 1, "eight requests at once share one checkpoint")
            _ = try await client.post("/v1/checks", as: "provider", json: check)
            let later = try await client.get("/v1/access-log/checkpoint").text
            #expect(notes.first == later, "within the interval the kept checkpoint is answered, however the log grew")
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

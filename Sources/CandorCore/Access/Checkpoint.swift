import Crypto
import Foundation

/// A signed statement of the access log's Merkle tree head: its size, its root hash and when it was
/// taken, signed with the registry's Ed25519 key. Anyone holding two checkpoints can ask for a consistency
/// proof that the later log extends the earlier one; a subject can ask for an inclusion proof of any of
/// their entries.
public struct Checkpoint: Codable, Sendable, Equatable {
    public var size: Int
    /// The tree head, lower-case hex.
    public var rootHash: String
    public var timestamp: Date
    /// The Ed25519 signature of `signedText`, base64url.
    public var signature: String

    /// What is signed: the origin, the size, the root and the time in whole seconds, one per line.
    public static func signedText(size: Int, rootHash: String, timestamp: Date) -> String {
        "candor access log\n\(size)\n\(rootHash)\n\(Int64(timestamp.timeIntervalSince1970))\n"
    }

    /// Signs the head of `tree`.
    public static func make(tree: MerkleTree, at time: Date, signer: AttestationSigner) throws -> Checkpoint {
        let root = tree.root().hex
        let seconds = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
        let signature = try signer.signature(
            for: Data(signedText(size: tree.size, rootHash: root, timestamp: seconds).utf8))
        return Checkpoint(size: tree.size, rootHash: root, timestamp: seconds, signature: signature.base64URLEncoded)
    }

    /// Whether the signature is the registry's, for this size, root and time.
    public func verify(publicKey: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
            let signature = Data(base64URLEncoded: signature)
        else { return false }
        return key.isValidSignature(
            signature, for: Data(Self.signedText(size: size, rootHash: rootHash, timestamp: timestamp).utf8))
    }
}

extension MerkleTree {
    /// The Merkle tree of an access log, one leaf per entry in sequence order.
    public init(accessLog entries: [AccessEntry]) {
        self.init(leaves: entries.map(\.leafData))
    }
}

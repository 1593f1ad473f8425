import Crypto
import Foundation

/// Why a signed note or checkpoint was not accepted.
public enum NoteError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case badKey(String)
    case notSignedByKey(String)
    case badSignature

    public var description: String {
        switch self {
        case let .malformed(why): "not a signed checkpoint: \(why)"
        case let .badKey(why): "not a usable key: \(why)"
        case let .notSignedByKey(name): "the note carries no signature of the key \(name)"
        case .badSignature: "the signature does not match: the note was altered or signed by another key"
        }
    }
}

/// A key that signs notes in the C2SP signed-note format: Ed25519 (signature type 0x01), a key name, and
/// a key ID of the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). The registry signs its
/// access log's checkpoints with one, kept apart from the key that signs attestations.
public struct NoteSigner: Sendable {
    /// The name (and checkpoint origin) of a registry's log unless its operator names it.
    public static let defaultLogName = "candor.local/access-log"

    public let name: String
    private let key: Curve25519.Signing.PrivateKey

    /// A signer named `name` from the 32 bytes of a stored private key.
    public init(name: String, rawRepresentation: Data) throws {
        try NoteVerifier.checkName(name)
        self.name = name
        key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
    }

    /// A signer named `name` with a new random key.
    public init(name: String) throws {
        try NoteVerifier.checkName(name)
        self.name = name
        key = Curve25519.Signing.PrivateKey()
    }

    public var rawRepresentation: Data { key.rawRepresentation }

    public var verifier: NoteVerifier { NoteVerifier(name: name, publicKey: key.publicKey.rawRepresentation) }

    /// `text` (ending in a newline) with a blank line and this key's signature line.
    public func sign(_ text: String) throws -> String {
        precondition(text.hasSuffix("\n"), "a note's text ends in a newline")
        var signature = Data()
        withUnsafeBytes(of: verifier.keyID.bigEndian) { signature.append(contentsOf: $0) }
        signature.append(try key.signature(for: Data(text.utf8)))
        return text + "\n— \(name) \(signature.base64EncodedString())\n"
    }
}

/// The public half of a `NoteSigner`, written as a C2SP verifier key: `name+hex(key ID)+base64(0x01 ‖ key)`.
public struct NoteVerifier: Sendable, Equatable {
    public let name: String
    public let publicKey: Data

    public init(name: String, publicKey: Data) {
        self.name = name
        self.publicKey = publicKey
    }

    /// Reads a verifier key such as `example.com/log+530d903a+AekyeRrm…`.
    public init(vkey: String) throws(NoteError) {
        let parts = vkey.trimmingWhitespace().split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let material = Data(base64Encoded: String(parts[2])), material.count == 33,
            material.first == 1
        else { throw .badKey("a verifier key is NAME+KEYID+BASE64 of an Ed25519 key") }
        self.init(name: String(parts[0]), publicKey: material.dropFirst())
        guard parts[1] == String(format: "%08x", keyID) else {
            throw .badKey("the verifier key's ID \(parts[1]) does not match its name and key")
        }
    }

    public var keyID: UInt32 {
        let digest = Array(SHA256.hash(data: Data(name.utf8) + [0x0A, 0x01] + publicKey))
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    public var vkey: String {
        "\(name)+\(String(format: "%08x", keyID))+\((Data([1]) + publicKey).base64EncodedString())"
    }

    static func checkName(_ name: String) throws(NoteError) {
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "+" }) else {
            throw .badKey("a key name must be non-empty, without spaces or '+': \(name.debugDescription)")
        }
    }

    /// The text of `note` once this key's signature on it verifies; other keys' signatures are ignored.
    public func open(_ note: String) throws(NoteError) -> String {
        guard note.hasSuffix("\n"), !note.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
            throw .malformed("a note ends in a newline and holds no control characters")
        }
        guard let split = note.range(of: "\n\n", options: .backwards) else {
            throw .malformed("no blank line before the signatures")
        }
        let text = String(note[..<split.lowerBound]) + "\n"
        var found = false
        for line in note[split.upperBound...].split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[0] == "—" else {
                throw .malformed("a signature line is '— NAME SIGNATURE'")
            }
            guard fields[1] == name, let signature = Data(base64Encoded: String(fields[2])), signature.count == 68
            else { continue }
            let id = signature.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard id == keyID else { continue }
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
                key.isValidSignature(signature.dropFirst(4), for: Data(text.utf8))
            else { throw .badSignature }
            found = true
        }
        guard found else { throw .notSignedByKey(name) }
        return text
    }
}

/// A checkpoint of the access log in the C2SP `tlog-checkpoint` format: the origin, the tree size and the
/// base64 root hash of the RFC 6962 tree, one per line, signed as a note. Anyone holding two can ask for a
/// consistency proof that the later log extends the earlier; a subject can ask for an inclusion proof of
/// any of their entries.
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var size: Int
    public var rootHash: Data

    public init(origin: String, size: Int, rootHash: Data) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
    }

    /// The note text: three lines.
    public var text: String { "\(origin)\n\(size)\n\(rootHash.base64EncodedString())\n" }

    public func signed(by signer: NoteSigner) throws -> String { try signer.sign(text) }

    /// The checkpoint in `note`, once `verifier`'s signature on it verifies and its origin is the key's name.
    public static func open(_ note: String, verifier: NoteVerifier) throws(NoteError) -> Checkpoint {
        let lines = try verifier.open(note).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3, let size = Int(lines[1]), size >= 0, String(size) == lines[1],
            let root = Data(base64Encoded: String(lines[2])), root.count == 32
        else { throw .malformed("a checkpoint's lines are the origin, the tree size and the base64 root hash") }
        guard lines[0] == verifier.name else {
            throw .malformed("the checkpoint is of \(lines[0]), not of \(verifier.name)")
        }
        return Checkpoint(origin: String(lines[0]), size: size, rootHash: root)
    }
}

extension Checkpoint {
    /// Why the log whose tree is `tree` does not extend this checkpoint, or `nil` when it does: it has
    /// fewer entries, or its first `size` entries have another root.
    public func problem(extendedBy tree: MerkleTree) -> String? {
        if size > tree.size {
            return "The access log has \(grouped(tree.size)) entries, but the checkpoint saw \(grouped(size)): "
                + "entries were removed after it was signed."
        }
        if tree.root(size: size) != rootHash {
            return "The first \(grouped(size)) entries are not those the checkpoint saw: an entry was "
                + "altered, removed or reordered after it was signed."
        }
        return nil
    }
}

extension MerkleTree {
    /// The Merkle tree of an access log, one leaf per entry in sequence order.
    public init(accessLog entries: [AccessEntry]) {
        self.init(leaves: entries.map(\.leafData))
    }
}

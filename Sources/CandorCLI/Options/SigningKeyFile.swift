import CandorCore
import Foundation

/// One of the registry's Ed25519 keys, kept in a file beside the database and readable by its owner only:
/// the attestation key (`<db>.signing-key`, or `--signing-key`) and the access log's checkpoint key
/// (`<db>.log-key`, or `--log-key`), created on first use.
struct SigningKeyFile {
    let path: String
    /// What the key is for, in messages: "signing key", "log key".
    var naming = "signing key"

    init(path: String, naming: String = "signing key") {
        self.path = path
        self.naming = naming
    }

    /// The key's 32 bytes, creating the file with a new key when there is none.
    func loadOrCreateRaw() throws -> Data {
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == 32 else {
                throw CommandFailure("\(path) does not hold a 32-byte Ed25519 key; restore it from a backup")
            }
            return data
        }
        let raw = AttestationSigner().rawRepresentation
        try SecretFile.create(path, contents: raw, naming: naming)
        return raw
    }

    /// The attestation signer from the file.
    func loadOrCreate() throws -> AttestationSigner { try AttestationSigner(rawRepresentation: loadOrCreateRaw()) }

    /// The checkpoint signer named `name` from the file.
    func loadOrCreateNoteSigner(name: String) throws -> NoteSigner {
        do {
            return try NoteSigner(name: name, rawRepresentation: loadOrCreateRaw())
        } catch let error as NoteError {
            throw CommandFailure("--log-origin: \(error)")
        }
    }

    /// The public key, when the file exists.
    func publicKey() throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("there is no \(naming) at \(path); pass --public-key, or start `candor serve` once")
        }
        return try AttestationSigner(rawRepresentation: data).publicKey
    }
}

import CandorCore
import Foundation

/// The registry's Ed25519 attestation key, kept in a file beside the database (`<db>.signing-key`, or
/// the file given with `--signing-key`), created on first use and readable by its owner only.
struct SigningKeyFile {
    let path: String

    init(path: String) {
        self.path = path
    }

    /// The signer from the file, creating the file with a new key when there is none.
    func loadOrCreate() throws -> AttestationSigner {
        if let data = FileManager.default.contents(atPath: path) {
            do {
                return try AttestationSigner(rawRepresentation: data)
            } catch {
                throw CommandFailure("\(path) does not hold a 32-byte Ed25519 key; restore it from a backup")
            }
        }
        let signer = AttestationSigner()
        try SecretFile.create(path, contents: signer.rawRepresentation, naming: "signing key")
        return signer
    }

    /// The public key, when the file exists.
    func publicKey() throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("there is no signing key at \(path); pass --public-key, or start `candor serve` once")
        }
        return try AttestationSigner(rawRepresentation: data).publicKey
    }
}

import CandorCore
import Crypto
import Foundation

/// Keeps the people in a registry unreadable in a stolen database file.
///
/// Identifiers are stored as an index — an HMAC-SHA256 of the identifier, cut to 16 bytes — so rows can
/// still be found and grouped by subject, and the identifier itself, names and free-text notes are sealed
/// with AES-GCM. Both keys derive from one 32-byte data key that lives outside the database: without it,
/// the file shows which rows belong together but not whom they are about (identifiers are too few to hide
/// behind a plain hash; the HMAC key is what makes guessing useless).
public struct DataSealer: Sendable {
    /// An HMAC keyed with the index key and fed nothing yet: copying it skips deriving the key's pads.
    private let indexMAC: HMAC<SHA256>
    private let sealKey: SymmetricKey
    /// Names the data key without revealing it, so a registry can refuse a key that is not its own.
    public let fingerprint: String

    /// Derives the index and sealing keys from a 32-byte data key.
    public init(dataKey: SymmetricKey) {
        indexMAC = HMAC(
            key: HKDF<SHA256>.deriveKey(
                inputKeyMaterial: dataKey, info: Data("candor subject index".utf8), outputByteCount: 32))
        sealKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: dataKey, info: Data("candor sealed values".utf8), outputByteCount: 32)
        let check = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: dataKey, info: Data("candor key fingerprint".utf8), outputByteCount: 16)
        fingerprint = check.withUnsafeBytes { Array($0) }.hex
    }

    /// A new random data key.
    public static func newDataKey() -> SymmetricKey { SymmetricKey(size: .bits256) }

    /// The stored index of a subject: the same identifier always gives the same 16 bytes.
    public func index(of subject: SubjectID) -> Data {
        var mac = indexMAC
        mac.update(data: Data(subject.text.utf8))
        return Data(mac.finalize().prefix(16))
    }

    /// Seals a text: a random nonce, the ciphertext and the tag.
    public func seal(_ text: String) -> Data {
        // Sealing with a fresh random nonce cannot fail for a 256-bit key.
        (try? AES.GCM.seal(Data(text.utf8), using: sealKey).combined) ?? Data()
    }

    /// Opens what `seal` made.
    /// - Throws: `SealedValueError` when the value was altered or sealed under another key.
    public func open(_ sealed: Data) throws(SealedValueError) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return String(decoding: try AES.GCM.open(box, using: sealKey), as: UTF8.self)
        } catch {
            throw SealedValueError()
        }
    }

    /// Seals a block of bytes bound to `context` (authenticated, not encrypted), so a block cannot be
    /// passed off as another: a file's blocks carry their position.
    public func sealBlock(_ data: Data, context: String) -> Data {
        (try? AES.GCM.seal(data, using: sealKey, authenticating: Data(context.utf8)).combined) ?? Data()
    }

    /// Opens what `sealBlock` made with the same context.
    /// - Throws: `SealedValueError` when the block was altered, moved or sealed under another key.
    public func openBlock(_ sealed: Data, context: String) throws(SealedValueError) -> Data {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return try AES.GCM.open(box, using: sealKey, authenticating: Data(context.utf8))
        } catch {
            throw SealedValueError()
        }
    }

    /// Opens a sealed identifier.
    public func openSubject(_ sealed: Data) throws -> SubjectID {
        try SubjectID(try open(sealed))
    }
}

/// A sealed value that does not open: it was altered, or the data key is not the one it was sealed with.
public struct SealedValueError: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String {
        "a sealed value does not open: it was altered, or the data key is not the one it was sealed with"
    }
}

/// A registry opened with a data key other than the one it was created with.
public struct DataKeyMismatch: Error, CustomStringConvertible {
    public var registry: String
    public var expected: String
    public var given: String

    public init(registry: String, expected: String, given: String) {
        self.registry = registry
        self.expected = expected
        self.given = given
    }

    public var description: String {
        "the data key given (fingerprint \(given)) is not the key of \(registry) (fingerprint \(expected)); "
            + "pass the registry's own key file with --data-key"
    }
}

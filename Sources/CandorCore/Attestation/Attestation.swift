import Crypto
import Foundation

/// What an attestation states: a subject's tier on a date and, when the subject asks, that they are on
/// no restriction list — nothing else, not even the score.
public struct AttestationClaims: Codable, Sendable, Equatable {
    public var subject: String
    public var tier: String
    public var tierTitle: String
    /// Present, and true, only when the subject asked for it and was on no list.
    public var onNoRestrictionList: Bool?
    public var asOf: Day
    /// The last day on which the attestation is valid.
    public var validUntil: Day
    public var policy: PolicyReference

    public init(
        subject: String, tier: String, tierTitle: String, onNoRestrictionList: Bool?, asOf: Day,
        validUntil: Day, policy: PolicyReference
    ) {
        self.subject = subject
        self.tier = tier
        self.tierTitle = tierTitle
        self.onNoRestrictionList = onNoRestrictionList
        self.asOf = asOf
        self.validUntil = validUntil
        self.policy = policy
    }
}

/// Why an attestation does not verify.
public enum AttestationError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed
    case badSignature
    case expired(validUntil: Day)
    case notYetValid(asOf: Day)

    public var description: String {
        switch self {
        case .malformed: "the token is not an attestation: expected two base64url parts joined by a dot"
        case .badSignature: "the signature does not match: the token was altered or signed with another key"
        case let .expired(validUntil): "the attestation expired after \(validUntil)"
        case let .notYetValid(asOf): "the attestation is dated \(asOf), in the future"
        }
    }
}

/// Signs attestations with the registry's Ed25519 key.
public struct AttestationSigner: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// A signer from the 32 bytes of a stored private key.
    public init(rawRepresentation: Data) throws {
        key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
    }

    /// A signer with a new random key.
    public init() {
        key = Curve25519.Signing.PrivateKey()
    }

    /// The private key's 32 bytes, to keep beside the registry.
    public var rawRepresentation: Data { key.rawRepresentation }

    /// The public key's 32 bytes, which anyone may use to verify.
    public var publicKey: Data { key.publicKey.rawRepresentation }

    /// An Ed25519 signature of `data`, such as an access log checkpoint.
    public func signature(for data: Data) throws -> Data {
        try key.signature(for: data)
    }

    /// The compact token: `base64url(claims JSON).base64url(Ed25519 signature of the first part)`.
    public func sign(_ claims: AttestationClaims) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let payload = try encoder.encode(claims).base64URLEncoded
        let signature = try key.signature(for: Data(payload.utf8))
        return payload + "." + signature.base64URLEncoded
    }
}

/// Verifies attestations offline, with the published public key alone.
public enum AttestationVerifier {
    /// The claims of a valid token on `day`.
    /// - Throws: `AttestationError` naming why the token does not verify.
    public static func verify(_ token: String, publicKey: Data, on day: Day) throws(AttestationError)
        -> AttestationClaims
    {
        let parts = token.trimmingWhitespace().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let signature = Data(base64URLEncoded: String(parts[1])),
            let payload = Data(base64URLEncoded: String(parts[0]))
        else { throw .malformed }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
            key.isValidSignature(signature, for: Data(parts[0].utf8))
        else { throw .badSignature }
        guard let claims = try? JSONDecoder().decode(AttestationClaims.self, from: payload) else { throw .malformed }
        guard day <= claims.validUntil else { throw .expired(validUntil: claims.validUntil) }
        guard claims.asOf <= day else { throw .notYetValid(asOf: claims.asOf) }
        return claims
    }
}

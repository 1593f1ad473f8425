import Crypto
import Foundation

/// What an attestation states, as the claims of a JSON Web Token (RFC 7519): who issued it, for whom
/// (`aud`, the relying party the subject named), about whom (`sub`, an identifier for this subject and
/// this audience only — never the identity number), when, until when, and the subject's tier; with
/// `no_list` only when the subject asked and was on no restriction list. Nothing else, not even the score.
public struct AttestationClaims: Codable, Sendable, Equatable {
    public var iss: String
    public var aud: String
    public var sub: String
    public var iat: Int64
    public var exp: Int64
    /// The attestation's id, by which its status is asked and the subject revokes it.
    public var jti: String
    public var tier: String
    public var tierTitle: String
    public var noList: Bool?
    /// The policy's id and version.
    public var policy: String

    enum CodingKeys: String, CodingKey {
        case iss, aud, sub, iat, exp, jti, tier, policy
        case tierTitle = "tier_title"
        case noList = "no_list"
    }

    public init(
        iss: String, aud: String, sub: String, iat: Int64, exp: Int64, jti: String, tier: String, tierTitle: String,
        noList: Bool?, policy: String
    ) {
        self.iss = iss
        self.aud = aud
        self.sub = sub
        self.iat = iat
        self.exp = exp
        self.jti = jti
        self.tier = tier
        self.tierTitle = tierTitle
        self.noList = noList
        self.policy = policy
    }
}

/// The rules an attestation is made under.
public enum Attestation {
    /// The longest an attestation is valid, in days.
    public static let maxDays = 365
    /// The longest an attestation saying "on no restriction list" is valid: a listing can come any day.
    public static let maxNoListDays = 7

    /// What an attestation's standing is compared by: the rating's tier and lists, in order.
    public static func standing(of rating: Rating) -> String {
        ([rating.tier.id] + rating.listings.map(\.list.id).sorted()).joined(separator: " ")
    }
}

/// Why an attestation does not verify.
public enum AttestationError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed
    case unknownKey
    case badSignature
    case expired(at: Date)
    case notYetValid

    public var description: String {
        switch self {
        case .malformed:
            "the token is not an attestation: expected a compact JWS, three canonical base64url parts joined by dots"
        case .unknownKey: "the token names a key that is not the registry's (see /.well-known/jwks.json)"
        case .badSignature: "the signature does not match: the token was altered or signed with another key"
        case let .expired(at): "the attestation expired at \(at.formatted(.iso8601))"
        case .notYetValid: "the attestation is issued in the future"
        }
    }
}

/// Signs attestations as JSON Web Signatures (RFC 7515, compact serialisation) with the registry's
/// Ed25519 key (`alg: EdDSA`, RFC 8037), named by its JWK thumbprint (RFC 7638) as `kid`.
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

    public var jwk: PublicJWK { PublicJWK(publicKey: publicKey) }

    /// The identifier of `subject` for `audience`: the same for one relying party every time, unrelated
    /// across relying parties, and not the identity number.
    public func pairwiseSubject(_ subject: SubjectID, audience: String) -> String {
        let secret = SymmetricKey(data: SHA256.hash(data: Data("candor pairwise subject".utf8) + rawRepresentation))
        let code = HMAC<SHA256>.authenticationCode(for: Data((subject.text + "\n" + audience).utf8), using: secret)
        return Data(code).prefix(18).base64URLEncoded
    }

    /// The compact JWS: `base64url(header).base64url(claims).base64url(Ed25519 signature)`.
    public func sign(_ claims: AttestationClaims) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = try encoder.encode(JWSHeader(alg: "EdDSA", kid: jwk.kid, typ: "JWT")).base64URLEncoded
        let input = header + "." + (try encoder.encode(claims)).base64URLEncoded
        return input + "." + (try key.signature(for: Data(input.utf8))).base64URLEncoded
    }
}

struct JWSHeader: Codable {
    var alg: String
    var kid: String
    var typ: String?
}

/// A public Ed25519 key as a JSON Web Key (RFC 8037), as /.well-known/jwks.json lists it.
public struct PublicJWK: Codable, Sendable, Equatable {
    public var kty = "OKP"
    public var crv = "Ed25519"
    public var x: String
    public var kid: String
    public var alg = "EdDSA"
    public var use = "sig"

    public init(publicKey: Data) {
        x = publicKey.base64URLEncoded
        // The RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, no spaces.
        kid = Data(SHA256.hash(data: Data(#"{"crv":"Ed25519","kty":"OKP","x":"\#(x)"}"#.utf8))).base64URLEncoded
    }
}

/// Verifies attestations offline, with the published key alone.
public enum AttestationVerifier {
    /// The claims of a token signed by `key` that is valid at `time`.
    /// - Throws: `AttestationError` naming why the token does not verify.
    public static func verify(_ token: String, key: PublicJWK, at time: Date) throws(AttestationError)
        -> AttestationClaims
    {
        let parts = token.trimmingWhitespace().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerData = Data(base64URLEncoded: parts[0]),
            let payload = Data(base64URLEncoded: parts[1]), let signature = Data(base64URLEncoded: parts[2]),
            let header = try? JSONDecoder().decode(JWSHeader.self, from: headerData), header.alg == "EdDSA"
        else { throw .malformed }
        guard header.kid == key.kid, let raw = Data(base64URLEncoded: key.x),
            let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { throw .unknownKey }
        guard publicKey.isValidSignature(signature, for: Data((parts[0] + "." + parts[1]).utf8)) else {
            throw .badSignature
        }
        guard let claims = try? JSONDecoder().decode(AttestationClaims.self, from: payload) else { throw .malformed }
        let seconds = Int64(time.timeIntervalSince1970)
        guard seconds < claims.exp else { throw .expired(at: Date(timeIntervalSince1970: Double(claims.exp))) }
        guard claims.iat <= seconds + 300 else { throw .notYetValid }
        return claims
    }
}

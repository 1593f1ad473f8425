import CandorCore
import Foundation

/// Attestations: a subject's signed statement of their standing for one relying party, which the relying
/// party verifies offline with the published key and may ask the registry about — valid, expired, revoked
/// by the subject, or superseded because the subject's standing changed since.
extension Registry {
    /// The issuer named in attestations: the host part of the log's name.
    public var issuer: String { String(logSigner.name.split(separator: "/").first ?? "candor") }

    /// The keys attestations are verified with, as a JWK set.
    public var attestationKeys: [PublicJWK] { [signer.jwk] }

    /// A signed attestation of the subject's tier now, for `audience`, valid for `days` (1 to 365; at most 7
    /// when it says the subject is on no restriction list — refused when they are on one).
    public func attest(audience: String, days: Int, onNoRestrictionList: Bool, by caller: Caller) async throws
        -> (token: String, claims: AttestationClaims)
    {
        let subject = try caller.ownSubject()
        let audience = audience.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(audience.count), !audience.contains(where: { $0.isNewline || $0.isWhitespace }) else {
            throw RegistryError.invalid(
                code: "invalid-audience", field: "audience",
                message: "name the relying party the attestation is for, such as rail.example.cn: 1 to 200 "
                    + "characters without spaces")
        }
        let most = onNoRestrictionList ? Attestation.maxNoListDays : Attestation.maxDays
        guard (1...most).contains(days) else {
            throw RegistryError.invalid(
                code: "invalid-days", field: "days",
                message: onNoRestrictionList
                    ? "an attestation that you are on no restriction list is valid for 1 to \(most) days, not \(days): "
                        + "a listing can come any day"
                    : "an attestation is valid for 1 to \(most) days, not \(days)")
        }
        let (engine, signer, day, now, issuer) = (engine, signer, today(), clock(), issuer)
        let accessor = caller.accessor("own file")
        let result = try await store.access(subject, at: now) {
            file -> (Result<(String, AttestationClaims, String), RegistryError>, AccessNote) in
            let rating = engine.rate(file, asOf: day)
            let note = { (answer: String) in
                AccessNote(accessor, action: "create attestation for \(audience)", answer: answer)
            }
            if onNoRestrictionList && !rating.listings.isEmpty {
                return (
                    .failure(
                        .conflict(
                            code: "listed",
                            message: "you are on \(rating.listings.map(\.list.title).joined(separator: ", ")); "
                                + "an attestation cannot say otherwise")), note("refused: listed")
                )
            }
            let issued = Int64(now.timeIntervalSince1970)
            let claims = AttestationClaims(
                iss: issuer, aud: audience, sub: signer.pairwiseSubject(subject, audience: audience), iat: issued,
                exp: issued + Int64(days) * 86_400, jti: Data((0..<12).map { _ in UInt8.random(in: 0...255) }).hex,
                tier: rating.tier.id, tierTitle: rating.tier.title, noList: onNoRestrictionList ? true : nil,
                policy: "\(rating.policy.id) \(rating.policy.version)")
            let standing = Attestation.standing(of: rating)
            return (.success((try signer.sign(claims), claims, standing)), note("created"))
        }
        let (token, claims, standing) = try result.get()
        try await store.addAttestation(
            IssuedAttestation(
                id: claims.jti, subject: subject, audience: audience, issued: now,
                expires: Date(timeIntervalSince1970: Double(claims.exp)), standing: standing))
        return (token, claims)
    }

    /// The subject's own attestations, newest first, each with its status now.
    public func attestations(by caller: Caller) async throws -> [AttestationStatus] {
        let subject = try caller.ownSubject()
        let issued = try await store.attestations(of: subject)
        let now = clock()
        let standing = try await access(subject, by: caller, purpose: "own file", action: "read attestations") {
            [engine, today] file in
            Attestation.standing(
                of: engine.rate(file, asOf: today()))
        }
        return issued.map { AttestationStatus($0, standingNow: standing, at: now) }
    }

    /// Revokes one of the subject's own attestations: from now on it verifies as revoked.
    public func revokeAttestation(id: String, by caller: Caller) async throws -> AttestationStatus {
        let subject = try caller.ownSubject()
        let action = "revoke attestation \(id)"
        guard let found = try await store.attestation(id: id), found.subject == subject else {
            throw try await refuse(
                .notFound("you have no attestation \(id)"), on: subject, by: caller, purpose: "own file",
                action: action)
        }
        let now = clock()
        try await store.revokeAttestation(
            found, at: now,
            logging: AccessNote(caller.accessor("own file"), action: action, answer: "revoked", kind: .change))
        var revoked = found
        revoked.revoked = revoked.revoked ?? now
        return AttestationStatus(revoked, standingNow: nil, at: now)
    }

    /// What a relying party learns of a token: whether the signature holds, and its status now. The
    /// subject's log shows the question (the standing is read to answer it).
    public func verifyAttestation(_ token: String, by caller: Caller) async throws -> AttestationVerdict {
        let now = clock()
        let claims: AttestationClaims
        do {
            claims = try AttestationVerifier.verify(token, key: signer.jwk, at: now)
        } catch .expired {
            return AttestationVerdict(status: .expired, reason: AttestationStatus.timeIsOver)
        } catch {
            return AttestationVerdict(status: .invalid, reason: error.description)
        }
        guard let issued = try await store.attestation(id: claims.jti) else {
            return AttestationVerdict(
                status: .invalid, reason: "the registry did not issue an attestation \(claims.jti)")
        }
        let subject = issued.subject
        let verdict = try await access(
            subject, by: caller, purpose: "verify attestation", action: "verify attestation \(claims.jti)"
        ) { [engine, today] file in
            let rating = engine.rate(file, asOf: today())
            let status = AttestationStatus(issued, standingNow: Attestation.standing(of: rating), at: now)
            return AttestationVerdict(
                status: status.status, reason: status.reason, claims: status.status == .valid ? claims : nil)
        }
        return verdict
    }
}

/// Where an attestation stands now.
public enum AttestationState: String, Sendable, Codable {
    case valid, expired, revoked, superseded, invalid
}

/// One attestation as its subject lists it.
public struct AttestationStatus: Sendable, Encodable {
    public var id: String
    public var audience: String
    public var issued: Date
    public var expires: Date
    public var status: AttestationState
    public var reason: String?

    static let timeIsOver = "the attestation's time is over"

    init(_ issued: IssuedAttestation, standingNow: String?, at now: Date) {
        id = issued.id
        audience = issued.audience
        self.issued = issued.issued
        expires = issued.expires
        if let revoked = issued.revoked {
            (status, reason) = (.revoked, "revoked by its subject at \(revoked.formatted(.iso8601))")
        } else if now >= issued.expires {
            (status, reason) = (.expired, Self.timeIsOver)
        } else if let standingNow, standingNow != issued.standing {
            (status, reason) = (.superseded, "the subject's tier or lists changed since it was issued")
        } else {
            (status, reason) = (.valid, nil)
        }
    }
}

/// The answer to a relying party that asks about a token.
public struct AttestationVerdict: Sendable, Encodable {
    public var status: AttestationState
    public var valid: Bool { status == .valid }
    public var reason: String?
    public var claims: AttestationClaims?

    public init(status: AttestationState, reason: String? = nil, claims: AttestationClaims? = nil) {
        self.status = status
        self.reason = reason
        self.claims = claims
    }

    enum CodingKeys: String, CodingKey { case status, valid, reason, claims }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(valid, forKey: .valid)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(claims, forKey: .claims)
    }
}

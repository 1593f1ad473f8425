import ArgumentParser
import CandorCore
import Foundation

/// `candor attestation ...`: signed statements of good standing.
struct AttestationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attestation", abstract: "Verify attestations offline.", subcommands: [AttestationVerify.self])
}

struct AttestationVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify an attestation with the registry's public key alone.",
        discussion: """
            An attestation is a compact JWS (alg EdDSA) that any JOSE library verifies with the keys at \
            /.well-known/jwks.json. This command checks the signature and the time offline: the key is the \
            `x` of that document (--public-key, base64url) or the signing key beside --db. Whether the subject \
            revoked it or their standing changed since, only the registry knows: POST /v1/attestations/verify. \
            Exits with status 1 when the token does not verify.
            """)

    @Argument(help: ArgumentHelp("The attestation, a compact JWS.", valueName: "token"))
    var token: String

    @Option(help: ArgumentHelp("The registry's Ed25519 public key, base64url (the JWK's x).", valueName: "key"))
    var publicKey: String?

    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Print the result as JSON.")
    var json = false

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let key: Data
        if let publicKey {
            guard let decoded = Data(base64URLEncoded: publicKey), decoded.count == 32 else {
                throw ValidationError("--public-key must be 32 bytes in base64url")
            }
            key = decoded
        } else {
            key = try registry.signingKeyFile.publicKey()
        }
        do {
            // On a day given with --as-of, the attestation is judged at that day's noon (UTC).
            let time =
                asOf.day == today() ? Date() : Date(timeIntervalSince1970: Double(asOf.day.ordinal) * 86_400 + 43_200)
            let claims = try AttestationVerifier.verify(token, key: PublicJWK(publicKey: key), at: time)
            if json {
                try printJSON(claims)
            } else {
                let until = Date(timeIntervalSince1970: Double(claims.exp)).formatted(.iso8601)
                print(
                    "Valid: subject \(claims.sub) (for \(claims.aud)) holds tier \(claims.tierTitle)"
                        + (claims.noList == true ? ", on no restriction list" : "")
                        + "; issued by \(claims.iss), valid until \(until) (policy \(claims.policy)).")
            }
        } catch let error as AttestationError {
            if json {
                try printJSON(["valid": "false", "reason": error.description])
            } else {
                printError("Not valid: \(error.description)")
            }
            throw ExitCode(1)
        }
    }
}

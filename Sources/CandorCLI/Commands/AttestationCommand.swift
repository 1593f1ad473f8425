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
            The public key is read from --public-key (base64url, as GET /v1/attestations/public-key gives it) \
            or from the signing key beside --db. Exits with status 1 when the token does not verify.
            """)

    @Argument(help: ArgumentHelp("The attestation token.", valueName: "token"))
    var token: String

    @Option(help: ArgumentHelp("The registry's Ed25519 public key, base64url.", valueName: "key"))
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
            let claims = try AttestationVerifier.verify(token, publicKey: key, on: asOf.day)
            if json {
                try printJSON(claims)
            } else {
                print(
                    "Valid: \(claims.subject) holds tier \(claims.tierTitle) as of \(claims.asOf)"
                        + (claims.onNoRestrictionList == true ? ", on no restriction list" : "")
                        + "; valid through \(claims.validUntil) (policy \(claims.policy.id) \(claims.policy.version)).")
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

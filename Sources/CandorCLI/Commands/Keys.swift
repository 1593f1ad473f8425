import ArgumentParser
import CandorCore
import CandorRegistry
import Foundation

/// `candor keys ...`: API keys for agencies, providers, subjects and auditors.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke API keys.",
        subcommands: [KeysCreate.self, KeysInvite.self, KeysList.self, KeysRevoke.self])
}

struct KeysCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an API key; its secret is shown once and stored only as a hash.",
        discussion: """
            An agency key names its agency (--agency court); a provider key the actions it may check and its \
            purposes (--actions rail.high-speed,air.ticket --purpose "Ticket sale" --purpose "Refund"); a subject key its subject \
            (--subject ID); an auditor key needs nothing more. Send the key as `Authorization: Bearer KEY`.
            """)

    @Option(help: ArgumentHelp("agency, provider, subject, auditor or reviewer (decides appeals).", valueName: "role"))
    var role: String

    @Option(help: ArgumentHelp("For an agency key: the agency.", valueName: "id"))
    var agency: String?

    @Option(help: ArgumentHelp("For a provider key: the actions it may check, comma-separated.", valueName: "ids"))
    var actions: String?

    @Option(
        help: ArgumentHelp(
            "For a provider key: a purpose it may state for a check; repeat for several (a check must state one).",
            valueName: "text"))
    var purpose: [String] = []

    @Option(help: ArgumentHelp("For a subject key: the subject's identifier.", valueName: "id"))
    var subject: String?

    @Option(
        help: ArgumentHelp("A name for people reading logs, such as \"Station 4 ticket office\".", valueName: "text"))
    var label: String?

    @Option(
        help: ArgumentHelp(
            "Days until the key stops working (default: it works until revoked). To rotate a key, create its "
                + "successor and revoke it once the successor is in use.", valueName: "days"))
    var expires: Int?

    @Flag(help: "Print the key as JSON.")
    var json = false

    @OptionGroup var registry: RegistryOptions

    func validate() throws {
        if let expires, expires <= 0 { throw ValidationError("--expires must be a positive number of days") }
        guard Role(rawValue: role) != nil else {
            throw ValidationError("--role must be agency, provider, subject, auditor or reviewer, not '\(role)'")
        }
    }

    func run() async throws {
        let policy = try registry.loadPolicy()
        let store = try await registry.openRegistry()
        let request = KeyRequest(
            role: Role(rawValue: role)!, agency: agency,
            actions: actions.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [],
            purposes: purpose, subject: subject, label: label,
            expires: expires.map { Date().addingTimeInterval(Double($0) * 86_400) })
        let issued: IssuedKey
        do {
            issued = try await Registry.createKey(
                request, policy: policy, store: store, at: Date(), by: RegistryOptions.operatorCaller)
        } catch let error as RegistryError {
            throw ValidationError(error.description)
        }
        if json {
            struct Output: Encodable { var id, token, role, label: String }
            try printJSON(Output(id: issued.grant.id, token: issued.token, role: role, label: issued.grant.label))
        } else {
            print("Created \(issued.grant.role.rawValue) key \(issued.grant.id) (\(issued.grant.label)).")
            print("The key is shown once; keep it safe:")
            print("  \(issued.token)")
        }
    }

}

struct KeysList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys (never their secrets).")

    @Flag(help: "Print the keys as JSON.")
    var json = false

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let keys = try await Registry.keys(
            store: try await registry.openExistingRegistry(), at: Date(), by: RegistryOptions.operatorCaller)
        if json {
            try printJSON(keys)
            return
        }
        if keys.isEmpty { print("No keys yet; `candor keys create --role ROLE` makes one.") }
        for key in keys {
            var binding = key.agency ?? key.subject?.text ?? ""
            if !key.actions.isEmpty {
                binding =
                    key.actions.joined(separator: ",") + " for "
                    + key.purposes.map { "\"\($0)\"" }
                    .joined(separator: ", ")
            }
            let expiry = key.expires.map { $0 <= Date() ? "expired" : "active until \($0.formatted(.iso8601))" }
            let state = key.revoked.map { "revoked \($0.formatted(.iso8601))" } ?? expiry ?? "active"
            print("\(key.id)  \(padded(key.role.rawValue, 8))  \(padded(state, 30))  \(key.label)  \(binding)")
        }
    }
}

struct KeysRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a key; requests with it are refused from then on.")

    @Argument(help: ArgumentHelp("The key's id, the part before the dot.", valueName: "id"))
    var id: String

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let keyID = String(id.split(separator: ".").first ?? "")
        guard try await registry.openExistingRegistry().revokeKey(id: keyID, at: Date()) else {
            throw CommandFailure("there is no key \(keyID); `candor keys list` shows them")
        }
        print("Revoked key \(keyID).")
    }
}

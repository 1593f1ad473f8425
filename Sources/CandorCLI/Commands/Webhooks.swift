import ArgumentParser
import CandorCore
import Foundation

/// `candor webhooks ...`: endpoints every notice is delivered to as a signed JSON POST.
struct Webhooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list and remove the webhooks notices are delivered to.",
        discussion: """
            Every notice — a subject's, or a correction to a provider — is queued in the registry for each webhook \
            of its audience in the same transaction as the notice, and delivered by `candor serve` as a JSON POST \
            with the headers Candor-Notice-Id (stable: a notice delivered twice has the same one) and \
            Candor-Signature: t=UNIX_SECONDS,v1=HEX, where v1 is the HMAC-SHA256 of t + "." + body with the \
            webhook's secret. Delivery is at least once and in order per subject; a receiver that does not answer \
            2xx is retried with backoff for 24 hours. This is how an SMS or mail gateway is connected: Candor \
            itself sends no mail.
            """,
        subcommands: [WebhooksAdd.self, WebhooksList.self, WebhooksRemove.self])
}

struct WebhooksAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a webhook.")

    @Argument(help: ArgumentHelp("The URL notices are posted to (http or https).", valueName: "url"))
    var url: String

    @Option(help: ArgumentHelp("A file holding the shared secret (16 bytes or more).", valueName: "file"))
    var secretFile: String

    @Option(name: .customLong("for"), help: ArgumentHelp("subjects or providers.", valueName: "audience"))
    var audience: String

    @OptionGroup var registry: RegistryOptions

    func validate() throws {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw ValidationError("'\(url)' is not an http or https URL")
        }
        guard Webhook.Audience(rawValue: audience) != nil else {
            throw ValidationError("--for must be subjects or providers, not '\(audience)'")
        }
    }

    func run() async throws {
        guard var secret = FileManager.default.contents(atPath: secretFile) else {
            throw CommandFailure("cannot read \(secretFile)")
        }
        while let last = secret.last, last == 10 || last == 13 { secret.removeLast() }
        guard secret.count >= 16 else {
            throw CommandFailure("\(secretFile) holds \(secret.count) bytes; a secret needs at least 16")
        }
        let store = try await registry.openRegistry()
        let webhook = try await store.addWebhook(
            url: url, secret: secret, audience: Webhook.Audience(rawValue: audience)!, at: Date())
        try await store.shutdown()
        print("webhook \(webhook.id): \(webhook.audience.rawValue) notices to \(webhook.url)")
    }
}

struct WebhooksList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the webhooks.")

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let store = try await registry.openRegistry()
        let webhooks = try await store.webhooks()
        let waiting = try await store.outboxDepth()
        try await store.shutdown()
        if webhooks.isEmpty { print("No webhook: notices stay in each inbox.") }
        for webhook in webhooks {
            print(
                "\(webhook.id)  \(webhook.audience.rawValue)  \(webhook.url)  since \(webhook.created.formatted(.iso8601))"
            )
        }
        print("\(waiting) notices waiting to be delivered.")
    }
}

struct WebhooksRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a webhook and the notices still waiting for it.")

    @Argument(help: ArgumentHelp("The webhook's number, from `candor webhooks list`.", valueName: "id"))
    var id: Int64

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let store = try await registry.openRegistry()
        let removed = try await store.removeWebhook(id: id)
        try await store.shutdown()
        guard removed else { throw CommandFailure("there is no webhook \(id)") }
        print("webhook \(id) removed")
    }
}

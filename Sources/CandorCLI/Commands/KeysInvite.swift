import ArgumentParser
import CandorCore
import CandorRegistry
import Foundation

/// `candor keys invite --subject ID`: a one-time activation code for a person's own pages.
struct KeysInvite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Print a one-time activation code for a person, for a letter or a service counter.",
        discussion: """
            The person types the code at /activate on their own phone or computer and gets a session of their \
            pages on that device: no key to copy, no biometrics. A code works once, for \(ActivationCode.validDays) \
            days; making it and redeeming it are in the person's access log. Hand it over only to the person \
            whose identity you checked.
            """)

    @Option(help: ArgumentHelp("The person's resident identity number.", valueName: "id"))
    var subject: String

    @Flag(help: "Print the code as JSON.")
    var json = false

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let store = try await registry.openRegistry()
        let invited: (code: String, grant: KeyGrant)
        do {
            invited = try await Registry.invite(
                subject: subject, store: store, at: Date(), by: RegistryOptions.operatorCaller)
        } catch let error as RegistryError {
            throw ValidationError(error.description)
        }
        let expires = invited.grant.expires ?? Date()
        if json {
            struct Output: Encodable {
                var code: String
                var subject: String
                var expires: Date
            }
            try printJSON(Output(code: invited.code, subject: subject, expires: expires))
        } else {
            print("Activation code for \(subject), valid once until \(expires.formatted(.iso8601)):")
            print("  \(invited.code)")
            print("The person types it at /activate on the registry's site (请在 /activate 页面输入此激活码).")
        }
    }
}

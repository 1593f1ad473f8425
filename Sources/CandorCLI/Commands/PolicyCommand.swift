import ArgumentParser
import CandorCore
import Foundation

/// `candor policy ...`: check and read rating policies.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check and read rating policies.",
        subcommands: [PolicyLint.self, PolicyShow.self, PolicySimulate.self])
}

/// `candor policy lint FILE`: every rule of the policy format, checked.
struct PolicyLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a policy file against every rule of the policy format.",
        discussion: """
            Refused: lists without a legal basis, a maximum term or restrictions; record kinds whose effect \
            never ends; domains other than judicial, tax, regulatory, financial and civic; anything about \
            biometrics, political expression or petitioning, religion, ethnicity, health, union membership, \
            sexuality, private communications, family relationships, or moral judgments of lawful purchases; \
            restrictions attached to a score or tier; references to unknown kinds, actions or tiers; tiers \
            that leave a score without a tier. Exits with status 1 when any problem is found.
            """)

    @Argument(help: ArgumentHelp("The policy file (TOML).", valueName: "file"))
    var file: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("cannot read \(file): no such file or no permission to read it")
        }
        let report = Policy.lint(data)
        if json {
            struct Output: Encodable {
                var file: String
                var valid: Bool
                var policy: PolicyReference?
                var problems: [[String: String]]
            }
            let output = Output(
                file: file, valid: report.problems.isEmpty, policy: report.policy?.reference,
                problems: report.problems.map { ["entry": $0.entry, "message": $0.message] })
            try printJSON(output)
        } else if let policy = report.policy {
            print(
                "\(file): valid — policy \(policy.id) \(policy.version), \(policy.kinds.count) kinds, "
                    + "\(policy.lists.count) lists, \(policy.actions.count) actions, "
                    + "\(policy.privileges.count) privileges, "
                    + "\(policy.tiers.count) tiers; sha256 \(policy.sha256)")
        } else {
            for problem in report.problems { print("\(file): \(problem)") }
            let count = report.problems.count
            printError("\(file): \(count) problem\(count == 1 ? "" : "s"); the policy cannot be used.")
        }
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}

/// `candor policy show`: the policy in force, in plain language or as JSON.
struct PolicyShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the policy in force: every kind, list, action, privilege and tier.")

    @Option(name: .long, help: ArgumentHelp("A policy file to show instead of the shipped one.", valueName: "file"))
    var policy: String?

    @Flag(help: "Print the policy as JSON.")
    var json = false

    @OptionGroup var lang: LanguageOption

    func run() throws {
        let options = try RegistryOptions.parse(policy.map { ["--policy", $0] } ?? [])
        let policy = try options.loadPolicy()
        if json {
            try printJSON(PolicyDocument(policy))
        } else {
            print(PolicyText(policy: policy.localized(lang.language), language: lang.language).text)
        }
    }
}

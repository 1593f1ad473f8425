import ArgumentParser
import CandorCore
import CandorRegistry
import Foundation

/// `candor audit log [ID]`: who accessed a subject's data, and why — or the whole log.
struct AuditLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the access log: one subject's entries, or the whole log.",
        discussion: """
            With an identifier, shows the entries about that subject and those about every subject at once \
            (exports, simulations, the statistics), as the subject sees them in their app; without one, \
            every entry. Reading a subject's entries is itself logged on the subject, and reading the whole \
            log is logged as an access to every subject, naming the operator's account.
            """)

    @Argument(help: ArgumentHelp("A resident identity number or Unified Social Credit Code.", valueName: "id"))
    var subject: String?

    @Option(help: ArgumentHelp("Show entries after this sequence number.", valueName: "n"))
    var after: Int64 = 0

    @Option(help: ArgumentHelp("Show at most this many entries (1 to 1000).", valueName: "n"))
    var limit = 100

    @Flag(help: "Print the entries as JSON, one array.")
    var json = false

    @OptionGroup var registry: RegistryOptions

    func validate() throws {
        guard (1...Registry.maxLogPage).contains(limit) else {
            throw ValidationError("--limit must be from 1 to \(Registry.maxLogPage), not \(limit)")
        }
        if let subject { _ = try parseSubject(subject) }
    }

    func run() async throws {
        let service = try await registry.openExistingService()
        let entries = try await service.accessLog(
            subject: subject, after: after, limit: limit, by: RegistryOptions.operatorCaller)
        if json {
            try printJSON(entries)
            return
        }
        if entries.isEmpty { print("No entries" + (after > 0 ? " after \(after)." : ".")) }
        for entry in entries {
            let about = entry.subject?.text ?? "every subject"
            print(
                "\(entry.sequence)  \(entry.at.formatted(.iso8601))  \(about)  \(entry.actor) (\(entry.purpose))  "
                    + "\(entry.action) → \(entry.answer)")
        }
    }
}

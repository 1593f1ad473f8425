import ArgumentParser
import Foundation
import Testing

@testable import CandorCLI

/// Every command of `candor` either touches no subject's data or leaves an entry on the subject (or one
/// about every subject), read back with `candor audit log`. A command added without a line here fails.
@Suite("Command log completeness", .serialized)
struct CommandLogTests {
    enum Trace { case none, person, everyone }

    static let person = "11010519491231002X"

    /// Every command path with the arguments that exercise it, whether it must succeed, and what it must
    /// leave in the log.
    static func commands(policy: String, fixture: (String) throws -> String) throws -> [(
        command: String, arguments: [String], succeeds: Bool, trace: Trace
    )] {
        let registry = ["--policy", policy]
        return [
            ("ingest", [try fixture("court.csv"), "--agency", "court", "--quiet"] + registry, false, .person),
            ("rate", [person] + registry, true, .person),
            ("check", [person, "rail.ticket"] + registry, true, .person),
            ("export ratings", ["--quiet", "--output", "out.ndjson"] + registry, true, .everyone),
            ("policy simulate", [policy, "--quiet", "--chart", "chart.svg"] + registry, true, .everyone),
            ("policy lint", [policy], true, .none),
            ("policy show", registry, true, .none),
            ("keys create", ["--role", "subject", "--subject", person] + registry, true, .person),
            ("keys invite", ["--subject", person] + registry, true, .person),
            ("keys list", registry, true, .person),
            ("keys revoke", ["000000000000"] + registry, false, .none),
            // Webhooks name no subject: the notices they carry are logged where they are written.
            ("webhooks list", registry, true, .none),
            ("webhooks remove", ["99"] + registry, false, .none),
            (
                "webhooks add",
                ["http://127.0.0.1:9/hook", "--secret-file", "hook.secret", "--for", "subjects"] + registry, false,
                .none
            ),
            ("audit log", [person] + registry, true, .person),
            ("audit verify", registry, true, .none),
            ("audit witness", ["http://127.0.0.1:9", "--state", "witness"], false, .none),
            ("attestation verify", ["x.y"] + registry, false, .none),
            ("backup", ["copy.sqlite"] + registry, true, .none),
            (
                "restore", ["copy.sqlite", "--db", "restored.sqlite", "--data-key", "candor.sqlite.data-key"], true,
                .none
            ),
            ("generate", ["--people", "5", "--businesses", "1", "--output", "city.csv"], true, .none),
            // These two run a server, or build and serve a city of their own: their accesses are the API's
            // (CandorHTTPTests, "Log completeness") and the keys they make (`keys create` above).
            ("serve", ["--help"], true, .none),
            ("demo", ["--help"], true, .none),
        ]
    }

    /// Every command path of `candor`, from its configuration.
    static func paths(_ command: any ParsableCommand.Type, prefix: String = "") -> [String] {
        let subcommands = command.configuration.subcommands
        let name = command._commandName
        let path = prefix.isEmpty ? (command == Candor.self ? "" : name) : prefix + " " + name
        guard !subcommands.isEmpty else { return [path] }
        return subcommands.flatMap { paths($0, prefix: path) }
    }

    struct Entry: Decodable { var sequence: Int; var subject: String? }

    @Test("every command is listed, and each that touches a subject leaves its entry")
    func everyCommand() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let policy = try CandorRunner.fixture("test-city.toml")
        let commands = try Self.commands(policy: policy, fixture: CandorRunner.fixture)
        let served = Set(Self.paths(Candor.self))
        #expect(Set(commands.map(\.command)) == served, "unlisted: \(served.subtracting(commands.map(\.command)))")

        /// The whole log, as the operator reads it (which itself adds an entry about every subject).
        func log() throws -> [Entry] {
            let read = try candor.run("audit", "log", "--json", "--limit", "1000", "--policy", policy)
            return (try? JSONDecoder().decode([Entry].self, from: Data(read.output.utf8))) ?? []
        }
        var seen = 0
        for (command, arguments, succeeds, trace) in commands {
            let run = try candor.run(command.split(separator: " ").map(String.init) + arguments)
            #expect((run.status == 0) == succeeds, "\(command): \(run.status) \(run.errors)")
            // Reading the log adds its own entry about every subject, the last one read.
            let entries = try log()
            let added = entries.filter { $0.sequence > seen }.dropLast()
            seen = entries.last?.sequence ?? seen
            switch trace {
            case .none:
                #expect(added.isEmpty, "\(command) touched no subject but logged \(added.count)")
            case .person:
                #expect(added.contains { $0.subject == Self.person }, "\(command) left no entry on the person")
            case .everyone:
                #expect(added.contains { $0.subject == nil }, "\(command) left no entry about every subject")
            }
        }
    }
}

import CandorCore
import CandorTestSupport
import Foundation
import Testing

/// Candor on PostgreSQL end to end: durability checked at startup, and two servers on one database.
@Suite(
    "PostgreSQL deployments", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["CANDOR_TEST_POSTGRES"] != nil))
struct PostgresCommandTests {
    static var admin: String { ProcessInfo.processInfo.environment["CANDOR_TEST_POSTGRES"] ?? "" }

    /// A fresh database on the test server, dropped after `body`.
    func withDatabase(_ body: (String) async throws -> Void) async throws {
        let name = "candor_cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql("CREATE DATABASE \(name)")
        defer { try? psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        var components = URLComponents(string: Self.admin)!
        components.path = "/" + name
        try await body(components.string!)
    }

    func psql(_ sql: String, url: String = admin) throws {
        let psql = try Child.run("psql", [url, "-q", "-c", sql])
        #expect(psql.status == 0, "psql \(sql)")
    }

    @Test("a server without synchronous commits is refused unless the operator overrides it")
    func durability() async throws {
        try await withDatabase { url in
            let candor = try CandorRunner()
            defer { candor.remove() }
            try psql("ALTER DATABASE \(URLComponents(string: url)!.path.dropFirst()) SET synchronous_commit = off")
            let refused = try candor.run("keys", "list", "--postgres", url)
            #expect(refused.status != 0)
            #expect(refused.errors.contains("synchronous_commit off"))
            #expect(refused.errors.contains("--allow-unsafe-durability"))
            let allowed = try candor.run("keys", "list", "--postgres", url, "--allow-unsafe-durability")
            #expect(allowed.status == 0, "\(allowed.errors)")
        }
    }

    @Test("two servers on one database: a record submitted to one is in the other's next check")
    func twoServers() async throws {
        try await withDatabase { url in
            let candor = try CandorRunner()
            defer { candor.remove() }
            struct Key: Decodable { var token: String }
            func key(_ arguments: String...) throws -> String {
                let result = try candor.run(["keys", "create"] + arguments + ["--postgres", url, "--json"])
                #expect(result.status == 0, "\(result.errors)")
                return try JSONDecoder().decode(Key.self, from: Data(result.output.utf8)).token
            }
            let agency = try key("--role", "agency", "--agency", "court")
            let provider = try key("--role", "provider", "--actions", "rail.high-speed", "--purpose", "Ticket sale")
            let first = try await RunningServer(candor, arguments: ["--postgres", url])
            let second = try await RunningServer(candor, arguments: ["--postgres", url])
            defer {
                first.stop()
                second.stop()
            }
            let check = #"{"subject": "11010519491231002X", "action": "rail.high-speed", "purpose": "Ticket sale"}"#
            let before = try await second.fetch("/v1/checks", method: "POST", token: provider, body: check)
            #expect(before.contains(#""decision":"allowed""#))
            // Forty days back: past the shipped policy's notice period, so the record lists at once.
            let today = Date(timeIntervalSinceNow: -40 * 86_400).formatted(.iso8601.year().month().day())
            let submitted = try await first.fetch(
                "/v1/records", method: "POST", token: agency,
                body:
                    #"{"reference": "TWO-1", "subject": "11010519491231002X", "kind": "court.judgment-default", "occurred": "\#(today)"}"#
            )
            #expect(submitted.contains(#""created":1"#), "\(submitted)")
            let start = ContinuousClock.now
            var denied = false
            while !denied && ContinuousClock.now - start < .seconds(1) {
                denied = try await second.fetch("/v1/checks", method: "POST", token: provider, body: check)
                    .contains(#""decision":"denied""#)
            }
            #expect(denied, "the other server denies within one second")
        }
    }
}

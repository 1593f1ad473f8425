import CandorCore
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The service's commands end to end: keys, the access log audit, attestations and `candor serve`.
@Suite("Service commands", .serialized)
struct ServiceCommandTests {
    @Test("audit verify passes on an untouched log and names the entry a sqlite3 edit altered")
    func auditVerify() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let policy = try CandorRunner.fixture("test-city.toml")
        _ = try candor.run(
            "ingest", try CandorRunner.fixture("court.csv"), "--agency", "court", "--policy", policy, "--quiet")
        let intact = try candor.run("audit", "verify")
        #expect(intact.status == 0, "\(intact.errors)")
        #expect(intact.output.contains("intact: 3 entries verify"), "\(intact.output)")
        #expect(intact.output.contains("Merkle tree head (RFC 6962) of 3 entries: "))

        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = [
            "sqlite3", candor.folder.appendingPathComponent("candor.sqlite").path,
            "UPDATE access_log SET answer = 'unchanged' WHERE sequence = 2",
        ]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0, "the sqlite3 shell is needed: apt-get install sqlite3")

        let broken = try candor.run("audit", "verify", "--json")
        #expect(broken.status == 1)
        struct Output: Decodable { var intact: Bool; var verified: Int; var brokenEntry: Int?; var reason: String? }
        let output = try JSONDecoder().decode(Output.self, from: Data(broken.output.utf8))
        #expect(!output.intact)
        #expect(output.brokenEntry == 2)
        #expect(output.verified == 1)
        #expect(output.reason?.contains("altered") == true)
    }

    @Test("keys are created once, listed without secrets, and revoked")
    func keys() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let created = try candor.run(
            "keys", "create", "--role", "provider", "--actions", "rail.high-speed",
            "--purpose", "Ticket sale", "--label", "Station 4", "--json")
        #expect(created.status == 0, "\(created.errors)")
        struct Key: Decodable { var id, token, role, label: String }
        let key = try JSONDecoder().decode(Key.self, from: Data(created.output.utf8))
        #expect(key.token.hasPrefix(key.id + "."))
        let list = try candor.run("keys", "list")
        #expect(list.output.contains(key.id))
        #expect(list.output.contains("Station 4"))
        #expect(!list.output.contains(key.token), "the secret is never shown again")
        #expect(try candor.run("keys", "revoke", key.id).status == 0)
        #expect(try candor.run("keys", "list").output.contains("revoked"))

        let bad = try candor.run("keys", "create", "--role", "provider", "--actions", "ferry.ticket", "--purpose", "x")
        #expect(bad.status != 0)
        #expect(bad.errors.contains("ferry.ticket"))
        let noAgency = try candor.run("keys", "create", "--role", "agency")
        #expect(noAgency.errors.contains("--agency"))
    }

    @Test("serve answers over HTTP and stops cleanly on SIGTERM; attestations verify offline")
    func serve() async throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let subjectKey = try candor.run(
            "keys", "create", "--role", "subject", "--subject", "11010519491231002X", "--json")
        struct Key: Decodable { var token: String }
        let token = try JSONDecoder().decode(Key.self, from: Data(subjectKey.output.utf8)).token

        let port = Int.random(in: 20_000...40_000)
        let server = Process()
        server.executableURL = try CandorRunner.executable()
        server.arguments = ["serve", "--port", String(port)]
        server.currentDirectoryURL = candor.folder
        let errors = Pipe()
        server.standardError = errors
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }

        var health: String?
        for _ in 0..<100 where health == nil {
            try await Task.sleep(for: .milliseconds(100))
            health = try? await fetch("http://127.0.0.1:\(port)/health")
        }
        #expect(health?.contains("ok") == true)
        let attestation = try await fetch(
            "http://127.0.0.1:\(port)/v1/me/attestations", method: "POST", token: token, body: "{}")
        struct Issued: Decodable { var token: String }
        let issued = try JSONDecoder().decode(Issued.self, from: Data(attestation.utf8)).token

        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("the registry is closed"), "\(log)")

        let verified = try candor.run("attestation", "verify", issued)
        #expect(verified.status == 0, "\(verified.errors)")
        #expect(verified.output.contains("Valid: 11010519491231002X holds tier Good"))
        var altered = Array(issued.utf8)
        altered[5] = altered[5] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        let refused = try candor.run("attestation", "verify", String(decoding: altered, as: UTF8.self))
        #expect(refused.status == 1)
        #expect(refused.errors.contains("Not valid"))
        let late = try candor.run("attestation", "verify", issued, "--as-of", "2099-01-01")
        #expect(late.errors.contains("expired"))
    }

    /// A request to the running server, with URLSession's plain HTTP.
    func fetch(_ url: String, method: String = "GET", token: String? = nil, body: String? = nil) async throws -> String
    {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, _) = try await URLSession.shared.data(for: request)
        return String(decoding: data, as: UTF8.self)
    }
}

/// Backups: a consistent copy while in use, verified; restore refuses a damaged or tampered copy.
@Suite("Backups", .serialized)
struct BackupCommandTests {
    @Test("backup and restore give back the same ratings and an intact access log; damage is refused")
    func backupAndRestore() throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let policy = try CandorRunner.fixture("test-city.toml")
        _ = try candor.run(
            "ingest", try CandorRunner.fixture("court.csv"), "--agency", "court", "--policy", policy, "--quiet")
        let backup = try candor.run("backup", "copy.sqlite")
        #expect(backup.status == 0, "\(backup.errors)")
        #expect(backup.output.contains("verified"))
        #expect(try candor.run("backup", "copy.sqlite").errors.contains("exists already"))

        let restored = try candor.run("restore", "copy.sqlite", "--db", "restored.sqlite")
        #expect(restored.status == 0, "\(restored.errors)")
        let original = try candor.run("export", "ratings", "--as-of", "2026-01-10", "--policy", policy, "--quiet")
        let again = try candor.run(
            "export", "ratings", "--as-of", "2026-01-10", "--policy", policy, "--quiet", "--db", "restored.sqlite")
        #expect(original.output == again.output)
        #expect(!original.output.isEmpty)
        #expect(try candor.run("audit", "verify", "--db", "restored.sqlite").output.contains("intact: 3 entries"))
        #expect(try candor.run("restore", "copy.sqlite", "--db", "restored.sqlite").errors.contains("exists"))

        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = [
            "sqlite3", candor.folder.appendingPathComponent("copy.sqlite").path,
            "UPDATE access_log SET actor = 'someone else' WHERE sequence = 1",
        ]
        try sqlite.run()
        sqlite.waitUntilExit()
        let tampered = try candor.run("restore", "copy.sqlite", "--db", "second.sqlite")
        #expect(tampered.status != 0)
        #expect(tampered.errors.contains("access log entry 1"))
        #expect(!FileManager.default.fileExists(atPath: candor.folder.appendingPathComponent("second.sqlite").path))

        try Data("not a database at all".utf8).write(to: candor.folder.appendingPathComponent("junk.sqlite"))
        #expect(try candor.run("restore", "junk.sqlite", "--db", "third.sqlite").status != 0)
    }
}

import CandorCore
import CandorTestSupport
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
        // Two subjects' submissions, and the two rows about a valid subject that the rules refused.
        #expect(intact.output.contains("intact: 4 entries verify"), "\(intact.output)")
        #expect(intact.output.contains("Merkle tree head (RFC 6962) of 4 entries: "))

        let sqlite = try Child.run(
            "sqlite3",
            [
                candor.folder.appendingPathComponent("candor.sqlite").path,
                "UPDATE access_log SET answer = 'unchanged' WHERE sequence = 2",
            ])
        #expect(sqlite.status == 0, "the sqlite3 shell is needed: apt-get install sqlite3")

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

        let server = try await RunningServer(candor)
        let health = try await server.fetch("/health")
        #expect(health.contains("ok"))
        let attestation = try await server.fetch(
            "/v1/me/attestations", method: "POST", token: token, body: #"{"audience": "rail.example"}"#)
        struct Issued: Decodable { var token: String }
        let issued = try JSONDecoder().decode(Issued.self, from: Data(attestation.utf8)).token

        let (status, log) = server.stop()
        #expect(status == 0)
        #expect(log.contains("the registry is closed"), "\(log)")

        let verified = try candor.run("attestation", "verify", issued)
        #expect(verified.status == 0, "\(verified.errors)")
        #expect(verified.output.contains("(for rail.example) holds tier Good"), "\(verified.output)")
        #expect(!verified.output.contains("11010519491231002X"))
        var altered = Array(issued.utf8)
        altered[5] = altered[5] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        let refused = try candor.run("attestation", "verify", String(decoding: altered, as: UTF8.self))
        #expect(refused.status == 1)
        #expect(refused.errors.contains("Not valid"))
        let late = try candor.run("attestation", "verify", issued, "--as-of", "2099-01-01")
        #expect(late.errors.contains("expired"))
    }

    @Test("oversized headers get 400, a body that stops half-way gets 408 in time, silent connections are closed")
    func connectionLimits() async throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let key = try candor.run("keys", "create", "--role", "agency", "--agency", "court", "--json")
        struct Key: Decodable { var token: String }
        let token = try JSONDecoder().decode(Key.self, from: Data(key.output.utf8)).token
        let server = try await RunningServer(candor, arguments: ["--request-timeout", "2", "--idle-timeout", "4"])
        defer { server.stop() }

        let big = try RawConnection(port: server.port)
        big.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Filler: \(String(repeating: "a", count: 20_000))\r\n\r\n")
        let bigAnswer = big.receive(within: 5)
        #expect(bigAnswer.text.hasPrefix("HTTP/1.1 400"), "\(bigAnswer.text.prefix(200))")
        #expect(bigAnswer.closed, "the connection of an oversized header is closed")
        big.close()

        let slow = try RawConnection(port: server.port)
        let started = Date()
        slow.send(
            "POST /v1/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"records\":[")
        let slowAnswer = slow.receive(within: 10)
        #expect(slowAnswer.text.hasPrefix("HTTP/1.1 408"), "\(slowAnswer.text.prefix(200))")
        #expect(slowAnswer.text.contains("request-timeout"))
        #expect(Date().timeIntervalSince(started) < 6)
        slow.close()

        let silent = try RawConnection(port: server.port)
        let quiet = silent.receive(within: 10)
        #expect(quiet.closed && quiet.text.isEmpty, "the server closes a connection that sends nothing")
        silent.close()

        #expect(try await server.fetch("/health").contains("ok"), "the server still answers")
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
        for leftover in ["copy.sqlite-wal", "copy.sqlite-shm"] {
            #expect(
                !FileManager.default.fileExists(atPath: candor.folder.appendingPathComponent(leftover).path),
                "a backup is one file: no \(leftover)")
        }
        #expect(try candor.run("backup", "copy.sqlite").errors.contains("exists already"))

        #expect(
            try candor.run("restore", "copy.sqlite", "--db", "restored.sqlite").errors.contains("pass --data-key"),
            "a backup is restored only with the key it was sealed under")
        try candor.run("keys", "create", "--role", "auditor", "--db", "other.sqlite")
        let wrongKey = try candor.run(
            "restore", "copy.sqlite", "--db", "restored.sqlite", "--data-key", "other.sqlite.data-key")
        #expect(wrongKey.errors.contains("another data key"), "\(wrongKey.errors)")
        let restored = try candor.run(
            "restore", "copy.sqlite", "--db", "restored.sqlite", "--data-key", "candor.sqlite.data-key")
        #expect(restored.status == 0, "\(restored.errors)")
        let original = try candor.run("export", "ratings", "--as-of", "2026-01-10", "--policy", policy, "--quiet")
        let again = try candor.run(
            "export", "ratings", "--as-of", "2026-01-10", "--policy", policy, "--quiet", "--db", "restored.sqlite")
        #expect(original.output == again.output)
        #expect(!original.output.isEmpty)
        // Two submissions, two refused rows, and the export from the restored registry: one entry that every
        // subject's log shows.
        #expect(try candor.run("audit", "verify", "--db", "restored.sqlite").output.contains("intact: 5 entries"))
        #expect(
            try candor.run("restore", "copy.sqlite", "--db", "restored.sqlite", "--data-key", "candor.sqlite.data-key")
                .errors.contains("exists"))

        _ = try Child.run(
            "sqlite3",
            [
                candor.folder.appendingPathComponent("copy.sqlite").path,
                "UPDATE access_log SET actor = 'someone else' WHERE sequence = 1",
            ])
        let tampered = try candor.run(
            "restore", "copy.sqlite", "--db", "second.sqlite", "--data-key", "candor.sqlite.data-key")
        #expect(tampered.status != 0)
        #expect(tampered.errors.contains("access log entry 1"))
        #expect(!FileManager.default.fileExists(atPath: candor.folder.appendingPathComponent("second.sqlite").path))

        try Data("not a database at all".utf8).write(to: candor.folder.appendingPathComponent("junk.sqlite"))
        #expect(
            try candor.run("restore", "junk.sqlite", "--db", "third.sqlite", "--data-key", "candor.sqlite.data-key")
                .status != 0)
    }
}

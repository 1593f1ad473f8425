import CandorCore
import CandorTestSupport
import Foundation
import Testing

/// The access log watched from outside: a witness that follows its checkpoints, and `audit verify
/// --checkpoint` proving the log still extends one saved earlier.
@Suite("Transparency commands", .serialized)
struct TransparencyCommandTests {
    func sqlite(_ candor: CandorRunner, _ statement: String) throws {
        let sqlite = try Child.run("sqlite3", [candor.folder.appendingPathComponent("candor.sqlite").path, statement])
        #expect(sqlite.status == 0, "the sqlite3 shell is needed: apt-get install sqlite3")
    }

    @Test("a witness follows the log and catches it shrinking; verify --checkpoint catches the last entry removed")
    func witnessAndCheckpoint() async throws {
        let candor = try CandorRunner()
        defer { candor.remove() }
        let policy = try CandorRunner.fixture("test-city.toml")
        _ = try candor.run(
            "ingest", try CandorRunner.fixture("court.csv"), "--agency", "court", "--policy", policy, "--quiet")
        let state = candor.folder.appendingPathComponent("witness").path

        var server = try await RunningServer(candor, arguments: ["--policy", policy, "--checkpoint-interval", "1"])
        let url = "http://127.0.0.1:\(server.port)"
        let first = try candor.run("audit", "witness", url, "--state", state)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("First look: the log has 4 entries"), "\(first.output)")
        let saved = try await server.fetch("/v1/access-log/checkpoint")
        let checkpointFile = candor.folder.appendingPathComponent("saved-checkpoint").path
        try Data(saved.utf8).write(to: URL(fileURLWithPath: checkpointFile))
        let vkey = try await server.fetch("/v1/access-log/key")
        #expect(try Checkpoint.open(saved, verifier: NoteVerifier(vkey: vkey)).size == 4)

        _ = try candor.run("rate", "11010519491231002X", "--policy", policy)
        _ = try candor.run("rate", "11010519491231002X", "--policy", policy)
        try await Task.sleep(for: .milliseconds(1_100))
        let second = try candor.run("audit", "witness", url, "--state", state)
        #expect(second.status == 0, "\(second.errors)")
        #expect(second.output.contains("grew from 4 to 6 entries"), "\(second.output)")
        server.stop()

        let intact = try candor.run("audit", "verify", "--checkpoint", checkpointFile, "--policy", policy)
        #expect(intact.status == 0, "\(intact.output) \(intact.errors)")
        #expect(intact.output.contains("extends the checkpoint of 4 entries"))

        // The last entry removed, with the stored tree's trace of it: only the saved checkpoint remembers.
        try sqlite(candor, "DELETE FROM access_log WHERE sequence > 3; DELETE FROM log_node WHERE idx >= 1;")
        let removed = try candor.run("audit", "verify", "--checkpoint", checkpointFile, "--policy", policy)
        #expect(removed.status == 1)
        #expect(removed.output.contains("has 3 entries, but the checkpoint saw 4"), "\(removed.output)")
        let unaware = try candor.run("audit", "verify", "--policy", policy)
        #expect(unaware.status == 0, "without a checkpoint, a log cut at its end looks whole")

        server = try await RunningServer(candor, arguments: ["--policy", policy, "--checkpoint-interval", "1"])
        let shrunk = try candor.run(
            "audit", "witness",
            url.replacingOccurrences(
                of: "\(url.split(separator: ":").last!)", with: "\(server.port)"), "--state", state)
        server.stop()
        #expect(shrunk.status != 0)
        #expect(shrunk.errors.contains("NOT CONSISTENT: the log shrank from 6 to 3 entries"), "\(shrunk.errors)")
    }
}

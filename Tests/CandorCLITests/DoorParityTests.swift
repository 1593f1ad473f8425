import CandorCore
import CandorHTTP
import CandorRegistry
import CandorSQLite
import CandorTestSupport
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Each operation through every door that offers it — the API, the page and the command line — gives the
/// same decision, the same error and the same access-log entry, on one registry file.
@Suite("Door parity", .serialized)
struct DoorParityTests {
    static let day = Day(iso: "2026-01-10")!
    static let person = try! SubjectID("11010519491231002X")
    static let company = try! SubjectID("91350100M000100Y43")

    /// A registry made by the CLI, served in process on the same file, with a provider, agency and subject key.
    struct Setup {
        let candor: CandorRunner
        let policyPath: String
        let store: SQLiteRegistry
        let registry: Registry
        let keys: [String: String]

        init() async throws {
            candor = try CandorRunner()
            policyPath = try CandorRunner.fixture("test-city.toml")
            _ = try candor.run(
                "ingest", try CandorRunner.fixture("court.csv"), "--agency", "court", "--policy", policyPath, "--quiet")
            var keys: [String: String] = [:]
            for (name, arguments) in [
                (
                    "provider",
                    ["--role", "provider", "--actions", "rail.ticket,air.ticket", "--purpose", "Ticket sale"]
                ),
                ("court", ["--role", "agency", "--agency", "court"]),
                ("person", ["--role", "subject", "--subject", DoorParityTests.person.text]),
            ] {
                let created = try candor.run(["keys", "create", "--json", "--policy", policyPath] + arguments)
                let object = try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any]
                keys[name] = try #require(object?["token"] as? String, "\(created.errors)")
            }
            self.keys = keys
            let folder = candor.folder.path
            let key = try #require(FileManager.default.contents(atPath: folder + "/candor.sqlite.data-key"))
            store = try SQLiteRegistry(
                path: folder + "/candor.sqlite", sealer: DataSealer(dataKey: SymmetricKey(data: key)))
            let policy = try Policy.parse(try Data(contentsOf: URL(fileURLWithPath: policyPath)))
            registry = Registry(
                store: store, policy: policy, signer: AttestationSigner(), today: { DoorParityTests.day })
        }

        /// The entries on `subject` after `sequence`.
        func entries(on subject: SubjectID, after sequence: Int64) async throws -> [AccessEntry] {
            try await store.accessLog(subject: subject, after: sequence, limit: 100)
        }

        func last() async throws -> Int64 { try await store.lastAccessSequence() }

        func finish() async throws {
            try await store.shutdown()
            candor.remove()
        }
    }

    /// What a door answered to a check: the decision (or the error's message) and the entry it logged.
    struct Answer: Equatable, CustomStringConvertible {
        var decision: String?
        var error: String?
        var logged: [String]
        var description: String { "\(decision ?? "-") \(error ?? "") \(logged)" }
    }

    @Test(
        "a check: the same decision, error and log entry from the API, the counter page and the CLI",
        arguments: [
            ("11010519491231002X", "rail.ticket"), ("11010519491231002X", "air.ticket"),
            ("91350100M000100Y43", "rail.ticket"), ("110105194912310021", "rail.ticket"),
            ("11010519491231002X", "ferry.ticket"),
        ])
    func check(subject: String, action: String) async throws {
        let setup = try await Setup()
        let app = Application(router: buildRouter(setup.registry), services: [setup.registry.standings])
        let valid = try? SubjectID(subject)
        try await app.test(.router) { client in
            var answers: [String: Answer] = [:]
            for _ in 0..<500 where !setup.registry.standings.ready { try await Task.sleep(for: .milliseconds(10)) }
            func logged(after start: Int64) async throws -> [String] {
                guard let valid else { return [] }
                return try await setup.entries(on: valid, after: start).map { "\($0.action) → \($0.answer)" }
            }

            var start = try await setup.last()
            let apiResponse = try await client.execute(
                uri: "/v1/checks", method: .post,
                headers: [.authorization: "Bearer \(setup.keys["provider"]!)", .contentType: "application/json"],
                body: ByteBuffer(
                    string: #"{"subject": "\#(subject)", "action": "\#(action)", "purpose": "Ticket sale"}"#))
            let apiObject =
                try? JSONSerialization.jsonObject(with: Data(apiResponse.body.readableBytesView)) as? [String: Any]
            answers["API"] = Answer(
                decision: apiObject?["decision"] as? String,
                error: (apiObject?["error"] as? [String: Any])?["message"] as? String,
                logged: try await logged(after: start))

            start = try await setup.last()
            let page = try await Self.counterCheck(
                client, key: setup.keys["provider"]!, subject: subject, action: action)
            answers["page"] = Answer(
                decision: page.contains(">ALLOWED<") ? "allowed" : page.contains(">DENIED<") ? "denied" : nil,
                error: Browser.pageError(page), logged: try await logged(after: start))

            start = try await setup.last()
            let cli = try setup.candor.run(
                "check", subject, action, "--as-of", Self.day.iso, "--json", "--policy", setup.policyPath)
            let cliObject = try? JSONSerialization.jsonObject(with: Data(cli.output.utf8)) as? [String: Any]
            let cliError = cli.errors.split(separator: "\n").first.map {
                String($0).replacingOccurrences(of: "Error: ", with: "")
            }
            answers["CLI"] = Answer(
                decision: cliObject?["decision"] as? String, error: cli.status == 0 ? nil : cliError,
                logged: try await logged(after: start))

            let api = try #require(answers["API"])
            for door in ["page", "CLI"] {
                let other = try #require(answers[door])
                #expect(other.decision == api.decision, "\(door): \(other) vs API: \(api)")
                if let error = api.error {
                    // The message after the field it names ("subject: ", "action: "), which each door words alike.
                    let message = error.split(separator: ": ", maxSplits: 1).last.map(String.init) ?? error
                    #expect(other.error?.contains(message) == true, "\(door): \(other) vs \(api)")
                } else {
                    #expect(other.error == nil, "\(door): \(other) vs \(api)")
                }
                #expect(other.logged == api.logged, "\(door): \(other) vs API: \(api)")
            }
            if valid != nil { #expect(api.logged.count == 1, "\(api)") }
        }
        try await setup.finish()
    }

    @Test("a submission and a dispute answer: the same outcome and log entries from the API and the desk")
    func submitAndAnswer() async throws {
        let setup = try await Setup()
        let app = Application(router: buildRouter(setup.registry), services: [setup.registry.standings])
        try await app.test(.router) { client in
            let api = { (body: String) in
                try await client.execute(
                    uri: "/v1/records", method: .post,
                    headers: [.authorization: "Bearer \(setup.keys["court"]!)", .contentType: "application/json"],
                    body: ByteBuffer(string: body))
            }
            let desk = try await Browser.signIn(client, key: setup.keys["court"]!, page: "/desk")
            for (occurred, expected) in [("2026-01-05", "created"), ("2030-01-05", "refused: occurred")] {
                var start = try await setup.last()
                let viaAPI = try await api(
                    #"{"reference": "API-\#(occurred)", "subject": "\#(Self.person.text)", "kind": "court.default", "occurred": "\#(occurred)"}"#
                )
                #expect(viaAPI.status == .ok)
                let apiLogged = try await setup.entries(on: Self.person, after: start).map(\.answer)
                start = try await setup.last()
                _ = try await desk.post(
                    "/desk/records",
                    [
                        ("reference", "DESK-\(occurred)"), ("subject", Self.person.text), ("kind", "court.default"),
                        ("occurred", occurred),
                    ])
                let deskLogged = try await setup.entries(on: Self.person, after: start).map(\.answer)
                #expect(apiLogged.count == 1 && apiLogged.first?.hasPrefix(expected) == true, "\(apiLogged)")
                #expect(deskLogged == apiLogged, "desk \(deskLogged) vs API \(apiLogged)")
            }

            // Two disputes, one answered through each door, too late-dated: the same refusal and entry.
            let records = try await setup.store.records(of: Self.person).filter { $0.agency == "court" }
            var answers: [[String]] = []
            for (door, record) in zip(["API", "desk"], records.prefix(2)) {
                guard case let .granted(grant) = try await setup.store.check(token: setup.keys["person"]!) else {
                    Issue.record("the subject key is not valid")
                    return
                }
                let dispute = try await setup.registry.openDispute(
                    record: record.id, reason: "Not mine", by: .key(grant))
                let start = try await setup.last()
                if door == "API" {
                    _ = try await client.execute(
                        uri: "/v1/disputes/\(dispute.0.id)/answer", method: .post,
                        headers: [.authorization: "Bearer \(setup.keys["court"]!)", .contentType: "application/json"],
                        body: ByteBuffer(string: #"{"answer": "upheld", "reason": "Checked"}"#))
                } else {
                    _ = try await desk.post(
                        "/desk/disputes/\(dispute.0.id)",
                        [("answer", "upheld"), ("reason", "Checked"), ("confirm", "yes")])
                }
                answers.append(
                    try await setup.entries(on: Self.person, after: start).map {
                        "\($0.action.replacingOccurrences(of: "\(dispute.0.id)", with: "N")) → \($0.answer)"
                    })
            }
            #expect(answers.count == 2 && answers[0] == answers[1], "\(answers)")
            #expect(answers.first == ["answer dispute N → upheld"])
        }
        try await setup.finish()
    }

    @Test("a subject's own operations: the same entry from the API and the citizen app, and the CLI for a rating")
    func subjectOperations() async throws {
        let setup = try await Setup()
        let app = Application(router: buildRouter(setup.registry), services: [setup.registry.standings])
        try await app.test(.router) { client in
            let api = { (method: HTTPRequest.Method, uri: String, body: String?) in
                try await client.execute(
                    uri: uri, method: method,
                    headers: [.authorization: "Bearer \(setup.keys["person"]!)", .contentType: "application/json"],
                    body: body.map { ByteBuffer(string: $0) })
            }
            let citizen = try await Browser.signIn(client, key: setup.keys["person"]!, page: "/app")
            // The operation's own entry comes first; a page then logs its own view of the file after it.
            func first(_ door: () async throws -> Void) async throws -> String? {
                let start = try await setup.last()
                try await door()
                // Numbers (of disputes and records) differ between the two doors' cases.
                return try await setup.entries(on: Self.person, after: start).first.map {
                    "\($0.action) → \($0.answer) (\($0.purpose))".replacingOccurrences(
                        of: "[0-9]+", with: "#", options: .regularExpression)
                }
            }
            // A second record of the person's, so each door disputes a record of its own.
            _ = try await client.execute(
                uri: "/v1/records", method: .post,
                headers: [.authorization: "Bearer \(setup.keys["court"]!)", .contentType: "application/json"],
                body: ByteBuffer(
                    string:
                        #"{"reference": "P2", "subject": "\#(Self.person.text)", "kind": "court.default", "occurred": "2026-01-05"}"#
                ))
            let records = try await setup.store.records(of: Self.person).map(\.id)
            try #require(records.count == 2)
            let cases: [(String, () async throws -> Void, () async throws -> Void)] = [
                (
                    "read rating", { _ = try await api(.get, "/v1/me", nil) },
                    { _ = try await citizen.get("/app") }
                ),
                (
                    "dispute",
                    {
                        _ = try await api(
                            .post, "/v1/me/disputes", #"{"record": \#(records[0]), "reason": "Not mine"}"#)
                    },
                    {
                        _ = try await citizen.post(
                            "/app/dispute", [("record", String(records[1])), ("reason", "Not mine")])
                    }
                ),
                (
                    "review", { _ = try await api(.post, "/v1/agencies/court/reviews", #"{"stars": 3}"#) },
                    { _ = try await citizen.post("/app/review", [("agency", "court"), ("stars", "3")]) }
                ),
                (
                    "attest",
                    { _ = try await api(.post, "/v1/me/attestations", #"{"audience": "rail.example", "days": 5}"#) },
                    { _ = try await citizen.post("/app/attestation", [("audience", "rail.example"), ("days", "5")]) }
                ),
            ]
            for (name, viaAPI, viaPage) in cases {
                let fromAPI = try await first(viaAPI)
                let fromPage = try await first(viaPage)
                #expect(
                    fromAPI != nil && fromAPI == fromPage, "\(name): API \(fromAPI ?? "-") vs page \(fromPage ?? "-")")
            }
            let fromCLI = try await first {
                _ = try setup.candor.run("rate", Self.person.text, "--policy", setup.policyPath)
            }
            #expect(fromCLI?.hasPrefix("read rating → shown") == true, "\(fromCLI ?? "-")")
        }
        try await setup.finish()
    }

    /// Signs in to the counter with the provider key and checks, as a browser would.
    static func counterCheck(_ client: any TestClientProtocol, key: String, subject: String, action: String)
        async throws -> String
    {
        let browser = try await Browser.signIn(client, key: key, page: "/counter")
        return String(
            buffer: try await browser.post(
                "/counter", [("subject", subject), ("action", action), ("purpose", "Ticket sale")]
            ).body)
    }
}

import CandorCore
import CandorHTTP
import CandorRegistry
import CandorSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A day that a test can move forward, standing in for the calendar.
final class TestCalendar: @unchecked Sendable {
    private let lock = NSLock()
    private var day: Day
    private var offset: TimeInterval = 0

    init(_ day: Day) { self.day = day }

    var today: Day { lock.withLock { day } }
    func set(_ newDay: Day) { lock.withLock { day = newDay } }
    /// The time now, moved forward by `advance(by:)`.
    var now: Date { Date() + lock.withLock { offset } }
    func advance(by seconds: TimeInterval) { lock.withLock { offset += seconds } }
}

/// A registry service on a fresh SQLite file with the test policy, and a key for each role.
struct RegistryHarness {
    let store: SQLiteRegistry
    let service: Registry
    let calendar: TestCalendar
    let folder: URL
    var keys: [String: String] = [:]

    static let person = try! SubjectID("11010519491231002X")
    static let otherPerson = try! SubjectID("440524188001010014")
    static let company = try! SubjectID("91350100M000100Y43")

    init(limits: RegistryLimits = .default) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteRegistry(
            path: folder.appendingPathComponent("registry.sqlite").path,
            sealer: DataSealer(dataKey: DataSealer.newDataKey()))
        let url = try #require(
            Bundle.module.url(forResource: "test-city", withExtension: "toml", subdirectory: "Fixtures"))
        let policy = try Policy.parse(try Data(contentsOf: url))
        let calendar = TestCalendar(Day(iso: "2026-01-10")!)
        self.calendar = calendar
        service = Registry(
            store: store, policy: policy, signer: AttestationSigner(), limits: limits, clock: { calendar.now },
            today: { calendar.today })
        keys["court"] = try await key(.agency, agency: "court")
        keys["civic"] = try await key(.agency, agency: "civic")
        keys["provider"] = try await key(.provider, actions: ["rail.ticket", "bonus.fast"], purposes: ["Ticket sale"])
        keys["person"] = try await key(.subject, subject: Self.person)
        keys["otherPerson"] = try await key(.subject, subject: Self.otherPerson)
        keys["company"] = try await key(.subject, subject: Self.company)
        keys["auditor"] = try await key(.auditor)
        keys["reviewer"] = try await key(.reviewer)
        keys["revoked"] = try await key(.auditor)
        _ = try await store.revokeKey(id: String(keys["revoked"]!.prefix(12)), at: Date())
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    private func key(
        _ role: Role, agency: String? = nil, actions: [String] = [], purposes: [String] = [],
        subject: SubjectID? = nil
    ) async throws -> String {
        let issued = IssuedKey.make { id in
            KeyGrant(
                id: id, role: role, label: "test \(role.rawValue)", agency: agency, actions: actions,
                purposes: purposes, subject: subject, created: Date())
        }
        #expect(issued.grant.bindingProblem(policy: service.policy) == nil)
        try await store.addKey(issued.grant, secretHash: issued.secretHash)
        return issued.token
    }

    /// Runs `body` against the service in process, once its in-memory standings are built (so checks take
    /// the path a running server takes), then removes the registry.
    func test(_ body: @Sendable (Client) async throws -> Void) async throws {
        defer { remove() }
        let app = Application(router: buildRouter(service), services: [service.standings])
        try await app.test(.router) { client in
            try await waitForStandings()
            try await body(Client(client: client, keys: keys))
        }
    }

    /// Waits until the standings for the test's today are in memory.
    func waitForStandings() async throws {
        for _ in 0..<500 where service.standings.current(for: calendar.today) == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(service.standings.current(for: calendar.today) != nil, "the standings were not built within 5 s")
    }

    /// Requests with a role's key and JSON bodies.
    struct Client: Sendable {
        let client: any TestClientProtocol
        let keys: [String: String]

        func request(
            _ method: HTTPRequest.Method, _ uri: String, as key: String? = nil, json: String? = nil,
            contentType: String = "application/json"
        ) async throws -> TestResponse {
            var headers: HTTPFields = [:]
            if let key { headers[.authorization] = "Bearer " + (keys[key] ?? key) }
            if json != nil { headers[.contentType] = contentType }
            return try await client.execute(
                uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        }

        func get(_ uri: String, as key: String? = nil) async throws -> TestResponse {
            try await request(.get, uri, as: key)
        }

        func post(
            _ uri: String, as key: String? = nil, json: String = "{}",
            contentType: String = "application/json"
        ) async throws -> TestResponse {
            try await request(.post, uri, as: key, json: json, contentType: contentType)
        }
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [[String: Any]] ?? []
    }

    var text: String { String(buffer: body) }

    /// The machine-readable code of an error body.
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    /// The message of an error body, in English unless the request asked for another language.
    var errorMessage: String? { (object["error"] as? [String: Any])?["message"] as? String }

    /// The field an error body names as wrong.
    var errorField: String? { (object["error"] as? [String: Any])?["field"] as? String }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(body.readableBytesView))
    }
}

import CandorCore
import CandorRegistry
import CandorSQLite
import Crypto
import Foundation
import Hummingbird
import Testing

/// What a webhook receiver on loopback took: each notice's id, signature and body, in arrival order.
actor ReceivedNotices {
    var items: [(id: String, signature: String, body: Data)] = []
    func take(_ id: String, _ signature: String, _ body: Data) { items.append((id, signature, body)) }
}

@Suite("Webhook delivery")
struct WebhookDeliveryTests {
    static let secret = Data("a secret of more than sixteen bytes".utf8)

    /// A registry on the SQLite file at `path`, as a server would open it.
    static func registry(at path: String, key: SymmetricKey, calendar: TestCalendar) throws -> Registry {
        let store = try SQLiteRegistry(path: path, sealer: DataSealer(dataKey: key))
        return Registry(
            store: store, policy: .shipped, signer: AttestationSigner(), clock: { calendar.now },
            today: { calendar.today })
    }

    static func submit(_ registry: Registry, _ rows: [[String: String]]) async throws {
        let grant = KeyGrant(id: "court-key-01", role: .agency, label: "court", agency: "court", created: Date())
        let report = try await registry.submit(
            rows.enumerated().map { .success(RawRow(line: $0 + 1, fields: $1)) }, by: .key(grant))
        #expect(report.count(.created) == rows.count)
    }

    @Test("a receiver down for a while and a restart in between: every notice at least once, in order, signed")
    func downThenUp() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-hook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registry.sqlite").path
        let key = DataSealer.newDataKey()
        let calendar = TestCalendar(Day(iso: "2026-03-01")!)
        let port = Int.random(in: 30_000..<60_000)
        let people = ["11010519491231002X", "440524188001010014"]
        func row(_ reference: String, _ subject: String) -> [String: String] {
            ["reference": reference, "subject": subject, "kind": "court.judgment-default", "occurred": "2026-01-05"]
        }

        var registry = try Self.registry(at: path, key: key, calendar: calendar)
        _ = try await registry.store.addWebhook(
            url: "http://127.0.0.1:\(port)/hook", secret: Self.secret, audience: .subjects, at: calendar.now)
        try await Self.submit(registry, [row("W1", people[0]), row("W2", people[1]), row("W3", people[0])])
        // The receiver is down: every attempt fails and is scheduled again.
        #expect(try await WebhookDelivery(registry: registry).deliverDue() == 0)
        #expect(try await registry.store.outboxDepth() == 3)

        // The server restarts; more notices come while the receiver is still down.
        try await registry.store.shutdown()
        registry = try Self.registry(at: path, key: key, calendar: calendar)
        #expect(try await registry.store.outboxDepth() == 3, "the outbox survives the restart")
        try await Self.submit(registry, [row("W4", people[1]), row("W5", people[0])])
        calendar.advance(by: 7200)
        #expect(try await WebhookDelivery(registry: registry).deliverDue() == 0)

        // The receiver comes up.
        let received = ReceivedNotices()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            await received.take(
                request.headers[.init("Candor-Notice-Id")!] ?? "", request.headers[.init("Candor-Signature")!] ?? "",
                Data(body.readableBytesView))
            return .ok
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        let serving = Task { try await app.runService() }
        defer { serving.cancel() }
        try await Task.sleep(for: .milliseconds(300))
        let delivery = WebhookDelivery(registry: registry)
        for _ in 0..<20 where try await registry.store.outboxDepth() > 0 {
            calendar.advance(by: 7200)
            try await delivery.deliverDue()
        }
        #expect(try await registry.store.outboxDepth() == 0, "the outbox is empty at the end")

        let items = await received.items
        #expect(Set(items.map(\.id)).count == 5, "every notice at least once")
        var firstSeen: [String] = []
        for item in items where !firstSeen.contains(item.id) { firstSeen.append(item.id) }
        for person in people {
            let order = firstSeen.filter { id in
                items.first { $0.id == id }.map { String(decoding: $0.body, as: UTF8.self).contains(person) } ?? false
            }.map { Int($0.split(separator: "-").last!)! }
            #expect(order == order.sorted() && order.count == (person == people[0] ? 3 : 2), "in order for \(person)")
        }
        for item in items {
            let parts = Dictionary(
                uniqueKeysWithValues: item.signature.split(separator: ",").map { part in
                    let pair = part.split(separator: "=", maxSplits: 1)
                    return (String(pair[0]), String(pair[1]))
                })
            var message = Data("\(parts["t"]!).".utf8)
            message.append(item.body)
            let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Self.secret))
            #expect(Data(mac).map { String(format: "%02x", $0) }.joined() == parts["v1"], "the signature verifies")
            let object = try JSONSerialization.jsonObject(with: item.body) as? [String: Any]
            #expect(object?["id"] as? String == item.id && object?["kind"] as? String == "record-created")
            #expect((object?["text"] as? String)?.contains("recorded W") == true)
        }
        try await registry.store.shutdown()
    }
}

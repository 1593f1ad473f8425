import CandorCore
import CandorHTTP
import CandorRegistry
import CandorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The findings that showed the API, the pages and the stores each keeping their own copy of a rule: one
/// test each, through the door where the copy had drifted.
@Suite("One registry behind every door")
struct OneRegistryTests {
    static let records = """
        [{"reference": "S1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-01"},
         {"reference": "S2", "subject": "440524188001010014", "kind": "court.default", "occurred": "2026-01-01"}]
        """

    /// The person's access log entries, oldest first.
    static func log(_ store: some ServiceStore, _ subject: SubjectID = RegistryHarness.person) async throws
        -> [AccessEntry]
    {
        try await store.accessLog(subject: subject, after: 0, limit: 1000)
    }

    @Test("the counter page logs an out-of-scope refusal and is held to the key's rate like the API")
    func counterPage() async throws {
        let harness = try await RegistryHarness(
            limits: RegistryLimits(maxBodyBytes: 1 << 20, maxBatch: 100, perKey: .init(perSecond: 0.001, burst: 4)))
        let store = harness.store
        try await harness.test { client in
            let counter = try await Browser.signIn(client.client, key: harness.keys["provider"]!, page: "/counter")
            let outside = try await counter.post(
                "/counter",
                [("subject", RegistryHarness.person.text), ("action", "air.ticket"), ("purpose", "Ticket sale")])
            #expect(outside.status == .ok)
            #expect(outside.text.contains("not &#39;air.ticket&#39;") || outside.text.contains("not 'air.ticket'"))
            var statuses: [Int] = []
            for _ in 0..<12 {
                statuses.append(
                    try await counter.post(
                        "/counter",
                        [
                            ("subject", RegistryHarness.person.text), ("action", "rail.ticket"),
                            ("purpose", "Ticket sale"),
                        ]
                    ).status.code)
            }
            #expect(statuses.filter { $0 == 200 }.count == 3, "\(statuses)")
            #expect(statuses.filter { $0 == 429 }.count == 9, "\(statuses)")
        }
        let answers = try await Self.log(store).map(\.answer)
        #expect(answers.first == "refused: outside the key's scope")
        #expect(answers.filter { $0 == "refused: rate limit" }.count == 9)
    }

    @Test("the desk's refusals are logged, and racing answers to one dispute give one answer and no error")
    func desk() async throws {
        let harness = try await RegistryHarness()
        let store = harness.store
        try await harness.test { client in
            _ = try await client.post("/v1/records", as: "court", json: Self.records)
            let desk = try await Browser.signIn(client.client, key: harness.keys["court"]!, page: "/desk")
            let future = try await desk.post(
                "/desk/records",
                [
                    ("reference", "F1"), ("subject", RegistryHarness.person.text), ("kind", "court.default"),
                    ("occurred", "2099-01-01"),
                ])
            #expect(
                future.text.contains(#"id="occurred-error">1 January 2099 is after today"#),
                "the refusal is beside the field it is about")
            #expect(future.text.contains(#"value="2099-01-01""#), "and the date typed is kept")
            let chinese = try await desk.post(
                "/desk/records?lang=zh",
                [
                    ("reference", "F2"), ("subject", RegistryHarness.person.text), ("kind", "court.default"),
                    ("occurred", "2099-01-01"),
                ])
            #expect(chinese.text.contains("2099年1月1日晚于今天"), "the refusal in the clerk's language")

            let records = try await client.get("/v1/me/records", as: "person")
            let id = try #require(((records.object["records"] as? [[String: Any]])?.first)?["id"] as? Int)
            let opened = try await client.post(
                "/v1/me/disputes", as: "person", json: #"{"record": \#(id), "reason": "Not mine"}"#)
            let dispute = try #require(opened.object["id"] as? Int)
            let pages = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await desk.post(
                            "/desk/disputes/\(dispute)",
                            [("answer", "upheld"), ("reason", "Checked"), ("confirm", "yes")])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(pages.allSatisfy { $0.status == .ok }, "\(pages.map(\.status))")
            #expect(pages.filter { $0.text.contains("Dispute \(dispute) answered: upheld.") }.count == 1)
        }
        let entries = try await Self.log(store)
        #expect(
            entries.contains {
                $0.action == "submit court/F1 (court.default)" && $0.answer.hasPrefix("refused: occurred")
            })
        #expect(entries.filter { $0.answer == "refused: already-answered" }.count == 5)
    }

    @Test("every read of a subject's data is logged on the subject, refused or not")
    func readsLogged() async throws {
        let harness = try await RegistryHarness()
        let store = harness.store
        try await harness.test { client in
            _ = try await client.post("/v1/records", as: "court", json: Self.records)
            #expect(try await client.get("/v1/me/disputes", as: "person").status == .ok)
            let log = try await client.get("/v1/me/access-log", as: "person")
            let sequence = try #require((log.object["entries"] as? [[String: Any]])?.first?["sequence"] as? Int)
            #expect(try await client.get("/v1/me/access-log/proof?sequence=\(sequence)", as: "person").status == .ok)
            let theirs = try await client.get("/v1/me/records", as: "otherPerson")
            let theirID = try #require(((theirs.object["records"] as? [[String: Any]])?.first)?["id"] as? Int)
            let whatIf = try await client.get("/v1/me/what-if?record=\(theirID)", as: "person")
            #expect(whatIf.status == .notFound)
            let unknown = try await client.post(
                "/v1/checks", as: "provider",
                json: #"{"subject": "11010519491231002X", "action": "ferry.ticket", "purpose": "Ticket sale"}"#)
            #expect(unknown.errorCode == "unknown-action")
            let audited = try await client.get("/v1/access-log?subject=11010519491231002X", as: "auditor")
            #expect(audited.status == .ok)
        }
        let entries = try await Self.log(store)
        let actions = entries.map(\.action)
        for action in ["read disputes", "read access log", "read access log proof 1", "check an unknown action"] {
            #expect(actions.contains(action), "\(action) in \(actions)")
        }
        #expect(entries.contains { $0.action.hasPrefix("what-if") && $0.answer == "refused: not found" })
        #expect(!entries.contains { $0.action.hasPrefix("what-if") && $0.answer == "shown" })
        #expect(entries.contains { $0.action == "read access log" && $0.actor == "auditor:test auditor" })
    }

    @Test("a check states one of its key's purposes; nothing else the caller typed reaches the log")
    func purposes() async throws {
        let harness = try await RegistryHarness()
        let store = harness.store
        let long = String(repeating: "p", count: 300_000)
        try await harness.test { client in
            let other = try await client.post(
                "/v1/checks", as: "provider",
                json: #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Marketing"}"#)
            #expect(other.status == .forbidden)
            let huge = try await client.post(
                "/v1/checks", as: "provider",
                json: #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "\#(long)"}"#)
            #expect(huge.status == .forbidden)
            let stated = try await client.post(
                "/v1/checks", as: "provider",
                json: #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Ticket sale"}"#)
            #expect(stated.status == .ok)
            let refused = try await client.get("/v1/subjects/11010519491231002X?purpose=Curiosity", as: "provider")
            #expect(refused.status == .forbidden)
        }
        let entries = try await Self.log(store)
        #expect(entries.filter { $0.answer == "refused: purpose not allowed for this key" }.count == 2)
        #expect(entries.contains { $0.purpose == "Ticket sale" && $0.answer == "allowed" })
        #expect(!entries.contains { $0.purpose.contains("Marketing") || $0.purpose.contains("ppp") })
        #expect(!entries.contains { $0.purpose.contains("Curiosity") })
    }

    @Test("one open dispute per record; answers dated from the opening to today; records dated up to today")
    func disputeRules() async throws {
        let harness = try await RegistryHarness()
        let calendar = harness.calendar
        try await harness.test { client in
            let future = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "F", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2027-01-01"}"#
            )
            #expect(((future.object["results"] as? [[String: Any]])?.first)?["field"] as? String == "occurred")
            let negative = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "N", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-01", "amount": -5}"#
            )
            #expect(((negative.object["results"] as? [[String: Any]])?.first)?["field"] as? String == "amount")
            _ = try await client.post("/v1/records", as: "court", json: Self.records)
            let early = try await client.post(
                "/v1/records/court/S1/fulfilled", as: "court", json: #"{"date": "2025-12-31"}"#)
            #expect(early.status == .conflict && early.errorCode == "invalid-date")
            let records = try await client.get("/v1/me/records", as: "person")
            let id = try #require(((records.object["records"] as? [[String: Any]])?.first)?["id"] as? Int)
            var opened: [Int] = []
            for _ in 0..<3 {
                opened.append(
                    try await client.post(
                        "/v1/me/disputes", as: "person", json: #"{"record": \#(id), "reason": "Not mine"}"#
                    ).status.code)
            }
            #expect(opened == [201, 409, 409])
            let disputes = try await client.get("/v1/me/disputes", as: "person")
            let dispute = try #require(((disputes.object["disputes"] as? [[String: Any]])?.first)?["id"] as? Int)
            calendar.set(Day(iso: "2026-01-20")!)
            for date in ["2099-01-01", "2026-01-09", "2026-01-21"] {
                let answer = try await client.post(
                    "/v1/disputes/\(dispute)/answer", as: "court",
                    json: #"{"answer": "upheld", "reason": "Checked", "date": "\#(date)"}"#)
                #expect(answer.status == .conflict && answer.errorCode == "invalid-date", "\(date)")
            }
            let answer = try await client.post(
                "/v1/disputes/\(dispute)/answer", as: "court",
                json: #"{"answer": "upheld", "reason": "Checked", "date": "2026-01-15"}"#)
            #expect(answer.status == .ok)
            #expect(
                try await client.post(
                    "/v1/me/disputes", as: "person", json: #"{"record": \#(id), "reason": "Not mine"}"#
                ).status == .created,
                "once answered, the record may be disputed again")
        }
    }

    @Test("keys never carry an identifier, and refuse the options of another role")
    func keys() async throws {
        let harness = try await RegistryHarness()
        defer { harness.remove() }
        let (policy, store) = (harness.service.policy, harness.store)
        let subject = try await Registry.createKey(
            KeyRequest(role: .subject, subject: RegistryHarness.person.text), policy: policy, store: store, at: Date(),
            by: .operator(user: "test"))
        #expect(!subject.grant.label.contains(RegistryHarness.person.text))
        #expect(subject.grant.actor == "subject:\(subject.grant.id)")
        let stored = try #require(try await store.key(id: subject.grant.id))
        #expect(!stored.grant.label.contains(RegistryHarness.person.text))
        for request in [
            KeyRequest(role: .subject, actions: ["air.ticket"], subject: RegistryHarness.person.text),
            KeyRequest(role: .auditor, agency: "court"),
            KeyRequest(role: .agency, agency: "court", purposes: ["x"]),
            KeyRequest(role: .provider, actions: ["rail.ticket"], purposes: ["a\nb"]),
            KeyRequest(role: .provider, actions: ["rail.ticket"], purposes: [String(repeating: "x", count: 201)]),
        ] {
            await #expect(throws: RegistryError.self) {
                try await Registry.createKey(
                    request, policy: policy, store: store, at: Date(), by: .operator(user: "test"))
            }
        }
        let provider = try await Registry.createKey(
            KeyRequest(role: .provider, actions: ["rail.ticket"], purposes: ["Ticket sale", "Refund"]), policy: policy,
            store: store, at: Date(), by: .operator(user: "test"))
        #expect(try await store.key(id: provider.grant.id)?.grant.purposes == ["Ticket sale", "Refund"])
    }

    @Test("a counter learns whether a privilege's tier is reached, never which tier the subject holds")
    func privilegeDisclosesNoTier() async throws {
        try await RegistryHarness().test { client in
            _ = try await client.post("/v1/records", as: "court", json: Self.records)
            let answer = try await client.post(
                "/v1/checks", as: "provider",
                json: #"{"subject": "11010519491231002X", "action": "bonus.fast", "purpose": "Ticket sale"}"#)
            #expect(answer.status == .ok)
            let reasons = try #require(answer.object["reasons"] as? [[String: Any]])
            let tier = try #require(reasons.first { $0["type"] as? String == "tier" })
            #expect(tier["requiredTier"] as? String == "middle")
            #expect(tier["met"] as? Bool == false)
            #expect(tier["heldTier"] == nil && tier["heldTierTitle"] == nil)
            let own = try await client.get("/v1/me", as: "person")
            let held = try #require((own.object["tier"] as? [String: Any])?["id"] as? String)
            #expect(!answer.text.contains(#""\#(held)""#), "the subject's tier \(held) is not in the counter's answer")
        }
    }

    @Test("eight requests for expired statistics share one rebuild, logged once on every subject")
    func oneStatisticsRebuild() async throws {
        let harness = try await RegistryHarness()
        let store = harness.store
        try await harness.test { client in
            _ = try await client.post("/v1/records", as: "court", json: Self.records)
            let answers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await client.get("/v1/statistics").status.code } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers == Array(repeating: 200, count: 8))
        }
        let rebuilds = try await store.accessLog(subject: nil, after: 0, limit: 1000).filter {
            $0.action == "rate every subject for the public statistics"
        }
        #expect(rebuilds.count == 1, "\(rebuilds.count) rebuilds")
        #expect(rebuilds.first?.subject == nil)
    }

    @Test("requests without a key are limited per client address; a key's requests are not counted there")
    func perAddressLimit() async throws {
        let harness = try await RegistryHarness(
            limits: RegistryLimits(
                maxBodyBytes: 1 << 20, maxBatch: 100, perAddress: .init(perSecond: 0.001, burst: 3)))
        try await harness.test { client in
            var statuses: [Int] = []
            for path in ["/v1/policy", "/", "/signin", "/v1/agencies", "/policy"] {
                statuses.append(try await client.get(path).status.code)
            }
            #expect(statuses == [200, 200, 200, 429, 429])
            let refused = try await client.get("/v1/policy")
            #expect(refused.errorCode == "rate-limited")
            #expect(refused.headers[.retryAfter] != nil)
            #expect(try await client.get("/v1/me", as: "person").status == .ok, "a key has its own allowance")
        }
    }

    @Test("a page session ends after sitting unused too long, and a fixed time after signing in")
    func sessionExpiry() async throws {
        final class Clock: @unchecked Sendable {
            var now = Date(timeIntervalSince1970: 1_790_000_000)
        }
        let clock = Clock()
        let store = MemoryStore()
        var limits = RegistryLimits.default
        limits.sessionIdle = .seconds(600)
        limits.sessionLifetime = .seconds(3600)
        let registry = Registry(
            store: store, policy: .shipped, signer: AttestationSigner(), limits: limits, clock: { clock.now },
            today: { Day(iso: "2026-11-26")! })
        let key = try await Registry.createKey(
            KeyRequest(role: .auditor, label: "auditor"), policy: .shipped, store: store, at: clock.now,
            by: .operator(user: "test"))
        await #expect(throws: RegistryError.unauthenticated) { try await registry.signIn(key: "nonsense") }

        let (idle, _) = try await registry.signIn(key: key.token)
        clock.now += 599
        #expect(try await registry.session(idle)?.id == key.grant.id)
        clock.now += 599
        #expect(try await registry.session(idle) != nil, "each use restarts the idle time")
        clock.now += 601
        #expect(try await registry.session(idle) == nil, "unused for longer than the idle time")

        let expiring = try await Registry.createKey(
            KeyRequest(role: .auditor, label: "for a day", expires: clock.now.addingTimeInterval(300)),
            policy: .shipped,
            store: store, at: clock.now, by: .operator(user: "test"))
        let (short, _) = try await registry.signIn(key: expiring.token)
        clock.now += 301
        #expect(try await registry.session(short) == nil, "the key expired, and its session with it")
        await #expect(throws: RegistryError.unauthenticated) { try await registry.signIn(key: expiring.token) }
        await #expect(throws: RegistryError.self) {
            try await Registry.createKey(
                KeyRequest(role: .auditor, expires: clock.now), policy: .shipped, store: store, at: clock.now,
                by: .operator(user: "test"))
        }

        let (long, _) = try await registry.signIn(key: key.token)
        for _ in 0..<7 {
            clock.now += 500
            #expect(try await registry.session(long) != nil)
        }
        clock.now += 200
        #expect(try await registry.session(long) == nil, "in use all along, but past the hour: ended")
    }

    @Test("an expired key is refused with its own answer")
    func expiredKey() async throws {
        let harness = try await RegistryHarness()
        let issued = IssuedKey.make { id in
            KeyGrant(id: id, role: .auditor, label: "old", created: Date(), expires: Date().addingTimeInterval(-1))
        }
        try await harness.store.addKey(issued.grant, secretHash: issued.secretHash)
        try await harness.test { client in
            let refused = try await client.get("/v1/access-log", as: issued.token)
            #expect(refused.status == .unauthorized)
            #expect(refused.errorCode == "expired-key")
        }
    }

    @Test("a batch over the limit is refused by counting, before its JSON is parsed")
    func batchCountedBeforeParsing() async throws {
        try await RegistryHarness().test { client in
            // 10,001 elements, the last not even JSON: the count alone refuses it.
            let tooMany = "[" + Array(repeating: "{}", count: 10_000).joined(separator: ",") + ", not json]"
            let refused = try await client.post("/v1/records", as: "court", json: tooMany)
            #expect(refused.status == .contentTooLarge)
            #expect(refused.errorCode == "batch-too-large")
            // Commas and brackets inside strings and nested values are not elements.
            let one =
                #"[{"reference": "a,b]", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-01", "note": "[x, {y}]"}]"#
            let stored = try await client.post("/v1/records", as: "court", json: one)
            #expect(stored.object["created"] as? Int == 1)
            let ndjson = Array(repeating: "{}", count: 10_001).joined(separator: "\n")
            let lines = try await client.post(
                "/v1/records", as: "court", json: ndjson, contentType: "application/x-ndjson")
            #expect(lines.errorCode == "batch-too-large")
        }
    }
}

import CandorCore
import CandorHTTP
import CandorRegistry
import CandorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route the service serves — each operation of the OpenAPI document and each page — either touches
/// no subject's data or leaves an entry on the subject it touched (or one about every subject). A route
/// added without a line here fails the test.
@Suite("Log completeness")
struct LogCompletenessTests {
    /// What a route is expected to leave in the log.
    enum Trace { case none, person, everyone }

    typealias Step = @Sendable (RegistryHarness.Client, Browsers) async throws -> Void

    /// The signed-in browsers of the pages.
    struct Browsers: Sendable {
        var citizen, counter, desk, auditor, reviewer: Browser
        /// An activation code for the person, made before the routes are tried.
        var activation: String
    }

    static let person = RegistryHarness.person.text
    static let check = #"{"subject": "\#(person)", "action": "rail.ticket", "purpose": "Ticket sale"}"#

    /// Every route with the request that exercises it and what it must leave; in an order where each
    /// request finds what it needs (a record to dispute, a dispute to answer).
    static let routes: [(route: String, trace: Trace, step: Step)] = [
        ("GET /health", .none, { c, _ in _ = try await c.get("/health") }),
        ("GET /metrics", .none, { c, _ in _ = try await c.get("/metrics") }),
        ("GET /openapi.yaml", .none, { c, _ in _ = try await c.get("/openapi.yaml") }),
        ("GET /v1/policy", .none, { c, _ in _ = try await c.get("/v1/policy") }),
        // No correction is due yet: the read shows no subject.
        ("GET /v1/provider/notices", .none, { c, _ in _ = try await c.get("/v1/provider/notices", as: "provider") }),
        ("GET /v1/agencies", .none, { c, _ in _ = try await c.get("/v1/agencies") }),
        ("GET /.well-known/jwks.json", .none, { c, _ in _ = try await c.get("/.well-known/jwks.json") }),
        ("GET /v1/access-log/key", .none, { c, _ in _ = try await c.get("/v1/access-log/key") }),
        (
            "POST /v1/attestations/verify", .none,
            { c, _ in _ = try await c.post("/v1/attestations/verify", json: #"{"token": "x.y"}"#) }
        ),
        ("GET /v1/access-log/checkpoint", .none, { c, _ in _ = try await c.get("/v1/access-log/checkpoint") }),
        (
            "GET /v1/access-log/consistency", .none,
            { c, _ in _ = try await c.get("/v1/access-log/consistency?from=1&to=2") }
        ),
        ("GET /", .none, { c, _ in _ = try await c.get("/") }),
        ("GET /policy", .none, { c, _ in _ = try await c.get("/policy") }),
        ("GET /agencies", .none, { c, _ in _ = try await c.get("/agencies") }),
        ("GET /signin", .none, { c, _ in _ = try await c.get("/signin") }),
        ("GET /counter", .none, { _, b in _ = try await b.counter.get("/counter") }),
        ("GET /simulate", .none, { _, b in _ = try await b.auditor.get("/simulate") }),
        ("GET /v1/statistics", .everyone, { c, _ in _ = try await c.get("/v1/statistics") }),
        ("GET /statistics", .none, { c, _ in _ = try await c.get("/statistics") }),  // the same cached figures
        (
            "POST /v1/records", .person,
            { c, _ in
                _ = try await c.post(
                    "/v1/records", as: "court",
                    json:
                        #"{"reference": "L1", "subject": "\#(person)", "kind": "court.default", "occurred": "2026-01-01"}"#
                )
            }
        ),
        (
            "POST /v1/officers", .person,
            { c, _ in
                _ = try await c.post(
                    "/v1/officers", as: "court",
                    json: #"{"reference": "O1", "organisation": "91350100M000100Y43", "person": "\#(person)", "#
                        + #""role": "legal-representative", "started": "2025-01-01"}"#)
            }
        ),
        (
            "POST /desk/officers", .person,
            { _, b in
                _ = try await b.desk.post(
                    "/desk/officers", [("reference", "O1"), ("change", "end"), ("ended", "2026-01-05")])
            }
        ),
        (
            "POST /v1/records/{agency}/{reference}/fulfilled", .person,
            { c, _ in
                _ = try await c.post("/v1/records/court/L1/fulfilled", as: "court", json: #"{"date": "2026-01-05"}"#)
            }
        ),
        (
            "POST /desk/records", .person,
            { _, b in
                _ = try await b.desk.post(
                    "/desk/records",
                    [("reference", "L2"), ("subject", person), ("kind", "court.default"), ("occurred", "2026-01-02")])
            }
        ),
        (
            "POST /v1/records/{agency}/{reference}/retracted", .person,
            { c, _ in
                _ = try await c.post("/v1/records/court/L2/retracted", as: "court", json: "")
            }
        ),
        ("POST /v1/checks", .person, { c, _ in _ = try await c.post("/v1/checks", as: "provider", json: check) }),
        (
            "POST /counter", .person,
            { _, b in
                _ = try await b.counter.post(
                    "/counter", [("subject", person), ("action", "rail.ticket"), ("purpose", "Ticket sale")])
            }
        ),
        ("GET /v1/me", .person, { c, _ in _ = try await c.get("/v1/me", as: "person") }),
        ("GET /v1/me/notices", .person, { c, _ in _ = try await c.get("/v1/me/notices", as: "person") }),
        (
            "POST /v1/me/notices/read", .person,
            { c, _ in _ = try await c.post("/v1/me/notices/read", as: "person", json: #"{"through": 1}"#) }
        ),
        (
            "POST /app/notices/read", .person,
            { _, b in _ = try await b.citizen.post("/app/notices/read", [("through", "2")]) }
        ),
        ("GET /v1/me/records", .person, { c, _ in _ = try await c.get("/v1/me/records", as: "person") }),
        ("GET /v1/me/lists", .person, { c, _ in _ = try await c.get("/v1/me/lists", as: "person") }),
        ("GET /v1/me/what-if", .person, { c, _ in _ = try await c.get("/v1/me/what-if?record=1", as: "person") }),
        ("GET /v1/me/access-log", .person, { c, _ in _ = try await c.get("/v1/me/access-log", as: "person") }),
        (
            "GET /v1/me/access-log/proof", .person,
            { c, _ in
                _ = try await c.get("/v1/me/access-log/proof?sequence=1", as: "person")
            }
        ),
        (
            "POST /v1/me/disputes", .person,
            { c, _ in
                _ = try await c.post("/v1/me/disputes", as: "person", json: #"{"record": 1, "reason": "Not mine"}"#)
            }
        ),
        ("GET /v1/me/disputes", .person, { c, _ in _ = try await c.get("/v1/me/disputes", as: "person") }),
        (
            "POST /v1/me/disputes/{id}/appeal", .person,
            { c, _ in _ = try await c.post("/v1/me/disputes/1/appeal", as: "person", json: #"{"reason": "Paid"}"#) }
        ),
        ("GET /v1/appeals", .none, { c, _ in _ = try await c.get("/v1/appeals", as: "reviewer") }),
        (
            "POST /v1/appeals/{id}/decision", .person,
            { c, _ in
                _ = try await c.post(
                    "/v1/appeals/1/decision", as: "reviewer", json: #"{"decision": "confirmed", "reason": "Checked"}"#)
            }
        ),
        (
            "POST /v1/me/records/{id}/statement", .person,
            { c, _ in _ = try await c.post("/v1/me/records/1/statement", as: "person", json: #"{"text": "Paid"}"#) }
        ),
        (
            "POST /app/statement", .person,
            { _, b in _ = try await b.citizen.post("/app/statement", [("record", "1"), ("text", "Paid")]) }
        ),
        (
            "POST /v1/me/repairs", .person,
            { c, _ in
                _ = try await c.post("/v1/me/repairs", as: "person", json: #"{"record": 1, "commitment": "I paid"}"#)
            }
        ),
        ("GET /v1/me/repairs", .person, { c, _ in _ = try await c.get("/v1/me/repairs", as: "person") }),
        ("GET /v1/repairs", .person, { c, _ in _ = try await c.get("/v1/repairs", as: "court") }),
        (
            "POST /v1/repairs/{id}/decision", .person,
            { c, _ in _ = try await c.post("/v1/repairs/1/decision", as: "court", json: #"{"decision": "granted"}"#) }
        ),
        (
            "POST /v1/me/permits", .person,
            { c, _ in
                // An unresolved record lists the person, so the application stands and can be read and decided.
                _ = try await c.post(
                    "/v1/records", as: "court",
                    json:
                        #"{"reference": "L3", "subject": "\#(person)", "kind": "court.default", "occurred": "2026-01-03"}"#
                )
                _ = try await c.post(
                    "/v1/me/permits", as: "person",
                    json: #"{"list": "defaulters", "action": "rail.ticket", "purpose": "exam", "explanation": "Exam", "#
                        + #""from": "2026-01-11", "to": "2026-01-12"}"#)
            }
        ),
        ("GET /v1/me/permits", .person, { c, _ in _ = try await c.get("/v1/me/permits", as: "person") }),
        ("GET /v1/permits", .person, { c, _ in _ = try await c.get("/v1/permits", as: "court") }),
        (
            "POST /v1/permits/{id}/decision", .person,
            { c, _ in _ = try await c.post("/v1/permits/1/decision", as: "court", json: #"{"decision": "granted"}"#) }
        ),
        ("GET /v1/disputes", .person, { c, _ in _ = try await c.get("/v1/disputes", as: "court") }),
        ("GET /desk", .person, { _, b in _ = try await b.desk.get("/desk") }),
        (
            "POST /desk/changes", .person,
            { _, b in _ = try await b.desk.post("/desk/changes", [("reference", "L2"), ("change", "fulfilled")]) }
        ),
        ("GET /review", .none, { _, b in _ = try await b.reviewer.get("/review") }),
        (
            "POST /review/appeals/{id}", .person,
            { _, b in
                _ = try await b.reviewer.post("/review/appeals/1", [("decision", "confirmed"), ("reason", "Checked")])
            }
        ),
        (
            "POST /app/appeal", .person,
            { _, b in _ = try await b.citizen.post("/app/appeal", [("dispute", "1"), ("reason", "Wrong")]) }
        ),
        (
            "POST /v1/disputes/{id}/answer", .person,
            { c, _ in
                _ = try await c.post(
                    "/v1/disputes/1/answer", as: "court", json: #"{"answer": "upheld", "reason": "Checked"}"#)
            }
        ),
        (
            "POST /app/dispute", .person,
            { _, b in _ = try await b.citizen.post("/app/dispute", [("record", "1"), ("reason", "Not mine")]) }
        ),
        (
            "POST /desk/disputes/{id}", .person,
            { _, b in
                _ = try await b.desk.post(
                    "/desk/disputes/2", [("answer", "upheld"), ("reason", "Checked"), ("confirm", "yes")])
            }
        ),
        (
            "POST /app/repair", .person,
            { _, b in _ = try await b.citizen.post("/app/repair", [("record", "1"), ("commitment", "I paid")]) }
        ),
        (
            "POST /desk/repairs/{id}", .person,
            { _, b in
                _ = try await b.desk.post(
                    "/desk/repairs/1", [("decision", "refused"), ("reason", "Checked"), ("confirm", "yes")])
            }
        ),
        (
            "POST /app/permit", .person,
            { _, b in
                _ = try await b.citizen.post(
                    "/app/permit",
                    [
                        ("choice", "defaulters|rail.ticket"), ("purpose", "exam"), ("explanation", "Exam"),
                        ("from", "2026-01-11"), ("to", "2026-01-11"),
                    ])
            }
        ),
        (
            "POST /desk/permits/{id}", .person,
            { _, b in
                _ = try await b.desk.post("/desk/permits/1", [("decision", "granted"), ("confirm", "yes")])
            }
        ),
        (
            "POST /v1/me/attestations", .person,
            { c, _ in _ = try await c.post("/v1/me/attestations", as: "person", json: #"{"audience": "rail.example"}"#)
            }
        ),
        (
            "GET /v1/me/attestations", .person,
            { c, _ in _ = try await c.get("/v1/me/attestations", as: "person") }
        ),
        (
            "POST /v1/me/attestations/{id}/revoke", .person,
            { c, _ in _ = try await c.post("/v1/me/attestations/000000000000000000000000/revoke", as: "person") }
        ),
        (
            "POST /app/attestation", .person,
            { _, b in _ = try await b.citizen.post("/app/attestation", [("audience", "rail.example"), ("days", "5")]) }
        ),
        (
            "POST /v1/agencies/{agency}/reviews", .person,
            { c, _ in
                _ = try await c.post("/v1/agencies/court/reviews", as: "person", json: #"{"stars": 4}"#)
            }
        ),
        (
            "POST /app/review", .person,
            { _, b in _ = try await b.citizen.post("/app/review", [("agency", "court"), ("stars", "3")]) }
        ),
        ("GET /app", .person, { _, b in _ = try await b.citizen.get("/app") }),
        (
            "GET /audit", .person,
            { _, b in _ = try await b.auditor.get("/audit?subject=\(person)&purpose=Complaint%20review") }
        ),
        ("GET /activate", .none, { c, _ in _ = try await c.get("/activate") }),
        (
            "POST /activate", .person,
            { c, b in
                let browser = try await Browser.anonymous(c.client, page: "/activate")
                let redeemed = try await browser.post("/activate", [("code", b.activation)])
                #expect(redeemed.status == .seeOther, "the code opens a session")
            }
        ),
        ("GET /verify", .none, { c, _ in _ = try await c.get("/verify?token=x.y") }),  // a token that verifies is logged as the API's verify
        (
            "GET /v1/subjects/{id}", .person,
            { c, _ in _ = try await c.get("/v1/subjects/\(person)?purpose=audit", as: "auditor") }
        ),
        (
            "GET /v1/access-log", .person,
            { c, _ in _ = try await c.get("/v1/access-log?subject=\(person)", as: "auditor") }
        ),
        (
            "POST /simulate", .everyone,
            { _, b in
                let policy = try String(
                    contentsOf: try #require(
                        Bundle.module.url(forResource: "test-city", withExtension: "toml", subdirectory: "Fixtures")),
                    encoding: .utf8)
                _ = try await b.auditor.post("/simulate", [("policy", policy)])
            }
        ),
        ("POST /signin", .none, { _, _ in }),  // every browser above signed in through it
        ("POST /signout", .none, { _, b in _ = try await b.counter.post("/signout", []) }),
    ]

    @Test("every route is listed, and each that touches a subject leaves its entry")
    func everyRoute() async throws {
        let harness = try await RegistryHarness()
        let store = harness.store
        let served = Set(buildRouter(harness.service).routes.map { "\($0.method.rawValue) \($0.path)" })
        let listed = Self.routes.map(\.route)
        #expect(
            Set(listed) == served,
            "unlisted: \(served.subtracting(listed)); not served: \(Set(listed).subtracting(served))")
        #expect(Set(listed).count == listed.count, "a route listed twice")
        try await harness.test { client in
            let keys = harness.keys
            let browsers = Browsers(
                citizen: try await Browser.signIn(client.client, key: keys["person"]!, page: "/app"),
                counter: try await Browser.signIn(client.client, key: keys["provider"]!, page: "/counter"),
                desk: try await Browser.signIn(client.client, key: keys["court"]!, page: "/desk"),
                auditor: try await Browser.signIn(client.client, key: keys["auditor"]!, page: "/simulate"),
                reviewer: try await Browser.signIn(client.client, key: keys["reviewer"]!, page: "/review"),
                activation: try await Registry.invite(
                    subject: Self.person, store: store, at: Date(), by: .operator(user: "test")
                ).code)
            for (route, trace, step) in Self.routes {
                let before = try await store.lastAccessSequence()
                try await step(client, browsers)
                let added = try await store.accessLog(subject: nil, after: before, limit: 1000)
                switch trace {
                case .none:
                    #expect(added.isEmpty, "\(route) touched no subject but logged \(added.map(\.action))")
                case .person:
                    #expect(
                        added.contains { $0.subject == RegistryHarness.person }, "\(route) left no entry on the person")
                case .everyone:
                    #expect(added.contains { $0.subject == nil }, "\(route) left no entry about every subject")
                }
            }
        }
    }
}

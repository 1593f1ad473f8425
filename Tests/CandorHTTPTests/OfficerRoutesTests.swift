import CandorCore
import CandorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Officers over HTTP and on the pages (SPEC §6): recorded by an agency, binding at the counter while their
/// organisation is listed, shown to the person, ended from the desk.
@Suite("Officers over HTTP")
struct OfficerRoutesTests {
    static let person = "11010519491231002X"
    static let company = "91350100M000100Y43"

    static func check(_ client: RegistryHarness.Client) async throws -> [String: Any] {
        try await client.post(
            "/v1/checks", as: "provider",
            json: #"{"subject": "\#(person)", "action": "rail.ticket", "purpose": "Ticket sale"}"#
        ).object
    }

    @Test("an agency records a role; the counter denies the officer while the organisation is listed")
    func recordAndBind() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            // The company defaulted on 2026-01-02: listed on defaulters, which binds officers from rail tickets.
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "C1", "subject": "\#(Self.company)", "kind": "court.default", "occurred": "2026-01-02"}"#
            )
            #expect(try await Self.check(client)["decision"] as? String == "allowed", "not an officer yet")

            let bad = try await client.post(
                "/v1/officers", as: "court",
                json:
                    #"[{"reference": "O1", "organisation": "\#(Self.person)", "person": "\#(Self.company)", "role": "principal", "started": "2025-01-01"},"#
                    + #" {"reference": "O2", "organisation": "\#(Self.company)", "person": "\#(Self.person)", "role": "chairman", "started": "2025-01-01"}]"#
            )
            let results = try #require(bad.object["results"] as? [[String: Any]])
            #expect(results.map { $0["field"] as? String } == ["organisation", "role"])
            #expect(try await client.post("/v1/officers", as: "person", json: "{}").status == .forbidden)

            let recorded = try await client.post(
                "/v1/officers", as: "court",
                json:
                    #"{"reference": "O1", "organisation": "\#(Self.company)", "person": "\#(Self.person)", "role": "legal-representative", "started": "2025-01-01"}"#
            )
            #expect(recorded.object["created"] as? Int == 1)
            let answer = try await Self.check(client)
            #expect(answer["decision"] as? String == "denied")
            let reason = try #require((answer["reasons"] as? [[String: Any]])?.first)
            #expect(reason["type"] as? String == "binding" && reason["organisation"] as? String == Self.company)
            #expect(reason["role"] as? String == "legal representative" && reason["list"] as? String == "defaulters")

            let organisationLog = try await client.get("/v1/access-log?subject=\(Self.company)", as: "auditor")
            let actions = (organisationLog.object["entries"] as? [[String: Any]] ?? []).compactMap {
                $0["action"] as? String
            }
            #expect(actions.contains("check rail.ticket of an officer (legal representative)"), "\(actions)")
            let notices = try await client.get("/v1/me/notices", as: "person").object["notices"] as? [[String: Any]]
            #expect((notices ?? []).contains { $0["kind"] as? String == "role-recorded" })
            let me = try await client.get("/v1/me", as: "person").object
            #expect((me["lists"] as? [Any])?.isEmpty == true, "the officer is on no list")
            #expect(me["score"] as? Int == 1000, "and their score is their own")
            let binding = try #require((me["bindings"] as? [[String: Any]])?.first)
            #expect(binding["reference"] as? String == "O1" && binding["agency"] as? String == "court")

            // The organisation pays: its officer is free that day.
            _ = try await client.post("/v1/records/court/C1/fulfilled", as: "court", json: "")
            #expect(try await Self.check(client)["decision"] as? String == "allowed")
        }
    }

    @Test("the desk records and ends a role; the person's app shows the binding and how it ends")
    func pages() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "C1", "subject": "\#(Self.company)", "kind": "court.default", "occurred": "2026-01-02"}"#
            )
            let desk = try await Browser.signIn(client.client, key: harness.keys["court"]!, page: "/desk")
            let refused = try await desk.post(
                "/desk/officers",
                [
                    ("reference", "O7"), ("change", "record"), ("organisation", Self.company), ("person", Self.person),
                    ("role", "principal"), ("started", "2027-01-01"),
                ])
            #expect(refused.text.contains("role=\"alert\"") && refused.text.contains("started"))
            #expect(refused.text.contains(#"value="2027-01-01""#), "what was typed is kept")
            let recorded = try await desk.post(
                "/desk/officers",
                [
                    ("reference", "O7"), ("change", "record"), ("organisation", Self.company), ("person", Self.person),
                    ("role", "principal"), ("started", "2025-06-01"),
                ])
            #expect(recorded.text.contains("Role O7 recorded (created)."))
            #expect(try await Self.check(client)["decision"] as? String == "denied")

            let citizen = try await Browser.signIn(client.client, key: harness.keys["person"]!, page: "/app")
            let app = try await citizen.get("/app").text
            #expect(app.contains("As principal of"))
            #expect(app.contains("or when Court records the end of your role (its reference O7)"))

            let ended = try await desk.post("/desk/officers", [("reference", "O7"), ("change", "end")])
            #expect(ended.text.contains("Role O7 ends on 10 January 2026"), "\(ended.text.prefix(300))")
            #expect(try await Self.check(client)["decision"] as? String == "allowed", "no longer bound from that day")
            let unknown = try await desk.post("/desk/officers", [("reference", "NOPE"), ("change", "end")])
            #expect(unknown.text.contains("has recorded no role") && unknown.text.contains("NOPE"))
        }
    }
}

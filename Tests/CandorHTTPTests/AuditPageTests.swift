import CandorCore
import CandorHTTP
import CandorRegistry
import CandorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The auditor's page: a subject looked up only with a stated purpose, which the subject's log keeps, and
/// the access log browsed page by page.
@Suite("Audit page")
struct AuditPageTests {
    @Test("a look-up needs a purpose, shows the file and leaves the purpose in the subject's log")
    func lookUp() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "A1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02"}"#
            )
            let auditor = try await Browser.signIn(client.client, key: harness.keys["auditor"]!, page: "/audit")
            let person = RegistryHarness.person.text
            let noPurpose = try await auditor.get("/audit?subject=\(person)&purpose=")
            #expect(noPurpose.text.contains(#"id="purpose-error""#), "the refusal is beside the purpose")
            #expect(noPurpose.text.contains(#"value="\#(person)""#), "the identifier typed is kept")
            #expect(!noPurpose.text.contains("file-heading"))
            let opened = try await auditor.get("/audit?subject=\(person)&purpose=Complaint%20142%20review")
            #expect(opened.text.contains("file-heading") && opened.text.contains("A1"))
            let log = try await harness.store.accessLog(subject: RegistryHarness.person, after: 0, limit: 100)
            #expect(log.contains { $0.purpose == "Complaint 142 review" && $0.actor.hasPrefix("auditor:") })
            #expect(log.contains { $0.answer.hasPrefix("refused") }, "the look-up without a purpose is logged too")

            let page = try await auditor.get("/audit?logSubject=\(person)#log")
            #expect(page.text.contains("Complaint 142 review"), "the log shows the entry just written")
            let bad = try await auditor.get("/audit?subject=12345&purpose=x")
            #expect(bad.text.contains(#"id="subject-error""#))
        }
    }

    @Test("a simulation shows which subjects would move, and how")
    func simulation() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "S1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02"}"#
            )
            let url = try #require(
                Bundle.module.url(forResource: "test-city", withExtension: "toml", subdirectory: "Fixtures"))
            let harsher = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
                of: "points = -100\nlasts_days = 100", with: "points = -150\nlasts_days = 100")
            let auditor = try await Browser.signIn(client.client, key: harness.keys["auditor"]!, page: "/simulate")
            let page = try await auditor.post("/simulate", [("policy", harsher)]).text
            #expect(page.contains("Subjects that would move: 1"), "\(page.prefix(600))")
            #expect(page.contains("<td><strong>11010519491231002X</strong></td>"))
            #expect(page.contains(">900</td>") && page.contains(">850</td>"), "the score now and as proposed")
        }
    }
}

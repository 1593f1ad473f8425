import CandorCore
import CandorHTTP
import CandorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The agency desk shows each dispute with its reason and the record it is about.
@Suite("Desk page")
struct DeskPageTests {
    @Test("a dispute is shown with the subject's reason and the record: its date, amount and legal basis")
    func disputeWithRecord() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json: """
                    {"reference": "K1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02",
                     "amount": 5000, "legal_basis": "Civil Procedure Law, art. 262"}
                    """)
            let id = try #require(
                (try await client.get("/v1/me/records", as: "person").object["records"] as? [[String: Any]])?.first?[
                    "id"] as? Int)
            _ = try await client.post(
                "/v1/me/disputes", as: "person", json: #"{"record": \#(id), "reason": "I paid it on 3 January."}"#)
            let desk = try await Browser.signIn(client.client, key: harness.keys["court"]!, page: "/desk")
            let page = try await desk.get("/desk").text
            #expect(page.contains("I paid it on 3 January."))
            #expect(
                page.contains("The record: occurred 2 January 2026 · amount ¥5,000.00 · Civil Procedure Law, art. 262"))
            let chinese = try await desk.get("/desk?lang=zh").text
            #expect(chinese.contains("2026年1月2日") && chinese.contains("¥5,000.00"))
        }
    }
}

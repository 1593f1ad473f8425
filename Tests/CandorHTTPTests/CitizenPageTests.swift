import CandorCore
import CandorHTTP
import CandorRegistry
import CandorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What the citizen's page shows of each record: newest first, agencies by name, amounts, the records behind
/// a listing, references rather than internal numbers, and a dispute only where one can still matter.
@Suite("Citizen page")
struct CitizenPageTests {
    @Test(
        "rows newest first, agencies by title, amounts shown, listings name their records, no dispute for the expired")
    func rows() async throws {
        let harness = try await RegistryHarness()
        harness.calendar.set(Day(iso: "2026-06-01")!)
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json: """
                    [{"reference": "OLD-1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2025-12-01", "amount": 1200.5},
                     {"reference": "NEW-2", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-05-20", "amount": 88000}]
                    """)
            let citizen = try await Browser.signIn(client.client, key: harness.keys["person"]!, page: "/app")
            let page = try await citizen.get("/app").text
            let table = String(page[page.range(of: "How your score is made")!.lowerBound...])
            let newer = try #require(table.range(of: "NEW-2")), older = try #require(table.range(of: "OLD-1"))
            #expect(newer.lowerBound < older.lowerBound, "newest first")
            #expect(table.contains("Court · NEW-2"), "the agency by its title, not its id")
            #expect(table.contains("¥88,000.00") && table.contains("¥1,200.50"), "amounts are shown")
            #expect(page.contains("<strong>Because of:</strong> Judgment default (Court, NEW-2, 20 May 2026)"))
            // OLD-1 is past its 100 days: it offers no dispute; NEW-2 does.
            let oldID = try #require(
                (try await client.get("/v1/me/records", as: "person").object["records"] as? [[String: Any]])?
                    .first { $0["reference"] as? String == "OLD-1" }?["id"] as? Int)
            #expect(!page.contains("/app?dispute=\(oldID)#open-dispute"), "an expired record offers no dispute")
            #expect(page.contains("#open-dispute\">Dispute this record</a>"))
            let whatIf = try await citizen.get("/app?whatif=\(oldID + 1)&change=fulfilled").text
            #expect(whatIf.contains("What if record NEW-2 were fulfilled?"), "the reference, not an internal number")
        }
    }

    @Test("a body that does not decode is refused in Candor's words, naming the field, never Swift's")
    func decodingMessages() async throws {
        try await RegistryHarness().test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "D1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02"}"#
            )
            for body in [
                #"{"record": 1, "reason": "wrong", "ground": "bogus"}"#, #"{"record": "one", "reason": "wrong"}"#,
                #"{"reason": "wrong"}"#,
            ] {
                let refused = try await client.post("/v1/me/disputes", as: "person", json: body)
                let error = try #require(refused.object["error"] as? [String: Any])
                let message = error["message"] as? String ?? ""
                #expect(refused.status == .badRequest, "\(body)")
                #expect(
                    !message.contains("Cannot initialize") && !message.contains("Swift") && !message.contains("Int64"),
                    "\(message)")
                #expect(error["field"] as? String != nil, "\(body): \(error)")
            }
        }
    }
}

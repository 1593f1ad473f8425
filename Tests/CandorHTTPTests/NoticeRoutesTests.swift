import CandorCore
import CandorRegistry
import CandorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The inbox (SPEC §6, "Notices"): a notice for each cause, written with it, newest first, read and unread.
@Suite("Notices over HTTP")
struct NoticeRoutesTests {
    static let person = "11010519491231002X"

    static func inbox(_ client: RegistryHarness.Client, _ query: String = "") async throws -> [String: Any] {
        try await client.get("/v1/me/notices\(query)", as: "person").object
    }

    static func kinds(_ page: [String: Any]) -> [String] {
        (page["notices"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
    }

    @Test(
        "each cause leaves one notice: a record, a denied check, a dispute and its answer, an appeal, a repair, a permit"
    )
    func everyCause() async throws {
        let harness = try await RegistryHarness()
        let calendar = harness.calendar
        try await harness.test { client in
            #expect(Self.kinds(try await Self.inbox(client)).isEmpty)
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"[{"reference": "N1", "subject": "\#(Self.person)", "kind": "court.default", "occurred": "2026-01-02"},"#
                    + #" {"reference": "N2", "subject": "\#(Self.person)", "kind": "court.default", "occurred": "2026-01-01", "fulfilled": "2026-01-05"}]"#
            )
            var page = try await Self.inbox(client)
            #expect(Self.kinds(page) == ["record-created", "record-created"])
            let created = try #require((page["notices"] as? [[String: Any]])?.last?["text"] as? String)
            #expect(created.contains("Court recorded N1: Judgment default, dated 2 January 2026."), "\(created)")
            #expect(created.contains("While it is unresolved, it puts you on the list “Defaulters”"))
            #expect(page["unread"] as? Int == 2)
            // Submitted again unchanged: no new notice.
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "N1", "subject": "\#(Self.person)", "kind": "court.default", "occurred": "2026-01-02"}"#
            )
            #expect(Self.kinds(try await Self.inbox(client)).count == 2)

            _ = try await client.post(
                "/v1/checks", as: "provider",
                json: #"{"subject": "\#(Self.person)", "action": "rail.ticket", "purpose": "Ticket sale"}"#)
            page = try await Self.inbox(client)
            #expect(Self.kinds(page).first == "check-denied")
            let denied = try #require((page["notices"] as? [[String: Any]])?.first?["text"] as? String)
            #expect(denied.hasPrefix("test provider was refused “Buy a rail ticket” for you on 10 January 2026"))
            #expect(denied.contains("apply for a permit"), "the list allows permits for the action")

            let records = try await client.get("/v1/me/records", as: "person").object["records"] as? [[String: Any]]
            let ids = Dictionary(
                uniqueKeysWithValues: (records ?? []).map { ($0["reference"] as! String, $0["id"] as! Int) })
            let opened = try await client.post(
                "/v1/me/disputes", as: "person", json: #"{"record": \#(ids["N1"]!), "reason": "I paid"}"#)
            let dispute = try #require(opened.object["id"] as? Int)
            let before = Self.kinds(try await Self.inbox(client)).count
            #expect(
                try await client.post(
                    "/v1/me/disputes", as: "person", json: #"{"record": \#(ids["N1"]!), "reason": "Again"}"#
                ).status == .conflict)
            #expect(Self.kinds(try await Self.inbox(client)).count == before, "a refused dispute leaves no notice")
            _ = try await client.post(
                "/v1/disputes/\(dispute)/answer", as: "court", json: #"{"answer": "upheld", "reason": "No payment"}"#)
            _ = try await client.post(
                "/v1/me/disputes/\(dispute)/appeal", as: "person", json: #"{"reason": "Receipt"}"#)
            _ = try await client.post(
                "/v1/appeals/\(dispute)/decision", as: "reviewer",
                json: #"{"decision": "confirmed", "reason": "Checked"}"#)
            _ = try await client.post(
                "/v1/me/repairs", as: "person", json: #"{"record": \#(ids["N2"]!), "commitment": "I will pay on time"}"#
            )
            _ = try await client.post("/v1/repairs/1/decision", as: "court", json: #"{"decision": "granted"}"#)
            _ = try await client.post(
                "/v1/me/permits", as: "person",
                json:
                    #"{"list": "defaulters", "action": "rail.ticket", "purpose": "exam", "explanation": "Exam", "from": "2026-01-11", "to": "2026-01-12"}"#
            )
            _ = try await client.post(
                "/v1/permits/1/decision", as: "court", json: #"{"decision": "refused", "reason": "No"}"#)
            page = try await Self.inbox(client)
            #expect(
                Self.kinds(page).prefix(9) == [
                    "permit-decided", "permit-applied", "repair-decided", "repair-applied", "appeal-decided",
                    "appeal-opened", "dispute-answered", "dispute-opened", "check-denied",
                ])
            let texts = (page["notices"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(texts.contains { $0.contains("You may appeal to a reviewer by 25 January 2026") })
            #expect(texts.contains { $0.contains("neither counts nor lists from that day") })

            // Paging, newest first; marking read.
            let first = try await Self.inbox(client, "?limit=4")
            let next = try #require(first["next"] as? Int)
            let second = try await Self.inbox(client, "?limit=4&before=\(next)")
            #expect(Self.kinds(first) + Self.kinds(second) == Array(Self.kinds(page).prefix(8)))
            #expect(try await client.get("/v1/me/notices?limit=101", as: "person").status == .badRequest)
            #expect(try await client.get("/v1/me/notices", as: "court").status == .forbidden)
            let newest = try #require((page["notices"] as? [[String: Any]])?.first?["id"] as? Int)
            let marked = try await client.post("/v1/me/notices/read", as: "person", json: #"{"through": \#(newest)}"#)
            #expect(marked.object["marked"] as? Int == Self.kinds(page).count)
            #expect(try await Self.inbox(client)["unread"] as? Int == 0)
            _ = calendar
        }
    }

    @Test("the citizen app lists the notices, newest first, and marks them read")
    func page() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "N1", "subject": "\#(Self.person)", "kind": "court.default", "occurred": "2026-01-02"}"#
            )
            let citizen = try await Browser.signIn(client.client, key: harness.keys["person"]!, page: "/app")
            let app = try await citizen.get("/app").text
            #expect(app.contains("Notices · 1 unread") && app.contains("Court recorded N1"))
            let read = try await citizen.post("/app/notices/read", [("through", "1")])
            #expect(read.text.contains("1 notice marked read.") && !read.text.contains("unread"))
        }
    }
}

@Suite("Corrections reach counters")
struct CorrectionTests {
    static let person = "11010519491231002X"

    static func deny(_ client: RegistryHarness.Client) async throws {
        let answer = try await client.post(
            "/v1/checks", as: "provider",
            json: #"{"subject": "\#(person)", "action": "rail.ticket", "purpose": "Ticket sale"}"#
        ).object
        #expect(answer["decision"] as? String == "denied")
    }

    static func corrections(_ client: RegistryHarness.Client) async throws -> [[String: Any]] {
        try await client.get("/v1/provider/notices", as: "provider").object["notices"] as? [[String: Any]] ?? []
    }

    @Test("a retraction reaches exactly the denials the record was behind")
    func exactDenials() async throws {
        let harness = try await RegistryHarness()
        let calendar = harness.calendar
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "P2", "subject": "\#(Self.person)", "kind": "court.default", "occurred": "2026-01-02"}"#
            )
            try await Self.deny(client)  // 2026-01-10: P2 alone behind it
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "P1", "subject": "\#(Self.person)", "kind": "court.default", "occurred": "2026-01-05"}"#
            )
            calendar.set(Day(iso: "2026-01-12")!)
            try await harness.waitForStandings()
            try await Self.deny(client)  // 2026-01-12: P1 and P2 behind it
            #expect(try await Self.corrections(client).isEmpty)
            #expect(try await client.get("/v1/provider/notices", as: "person").status == .forbidden)

            _ = try await client.post("/v1/records/court/P1/retracted", as: "court", json: "")
            let sent = try await Self.corrections(client)
            #expect(sent.count == 1, "only the denial P1 was behind")
            #expect(sent.first?["denied"] as? String == "2026-01-12" && sent.first?["change"] as? String == "retracted")
            #expect(sent.first?["reference"] as? String == "P1" && sent.first?["subject"] as? String == Self.person)
            #expect((sent.first?["text"] as? String)?.contains("check again before refusing") == true)
            // Retracted again (a correction of the date): no second correction for the same denial.
            _ = try await client.post(
                "/v1/records/court/P1/retracted", as: "court", json: #"{"date": "2026-01-11"}"#)
            #expect(try await Self.corrections(client).count == 1)
            let counter = try await Browser.signIn(client.client, key: harness.keys["provider"]!, page: "/counter")
            let page = try await counter.get("/counter").text
            #expect(page.contains("Corrections of earlier answers") && page.contains("check again before refusing"))
            let log =
                try await client.get("/v1/me/access-log?limit=1000", as: "person").object["entries"] as? [[String: Any]]
            #expect(
                (log ?? []).contains { ($0["action"] as? String)?.hasPrefix("send correction of rail.ticket") == true })
        }
    }

    @Test("a record retracted by submitting it again, or overturned on appeal, reaches the counter too")
    func otherDoors() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"[{"reference": "P1", "subject": "\#(Self.person)", "kind": "court.default", "occurred": "2026-01-02"},"#
                    + #" {"reference": "P2", "subject": "\#(Self.person)", "kind": "court.default", "occurred": "2026-01-03"}]"#
            )
            try await Self.deny(client)
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "P1", "subject": "\#(Self.person)", "kind": "court.default", "occurred": "2026-01-02", "retracted": "2026-01-10"}"#
            )
            #expect(try await Self.corrections(client).map { $0["reference"] as? String } == ["P1"])
            let records = try await client.get("/v1/me/records", as: "person").object["records"] as? [[String: Any]]
            let p2 = try #require(records?.first { $0["reference"] as? String == "P2" }?["id"] as? Int)
            let dispute = try #require(
                try await client.post("/v1/me/disputes", as: "person", json: #"{"record": \#(p2), "reason": "Paid"}"#)
                    .object["id"] as? Int)
            _ = try await client.post(
                "/v1/disputes/\(dispute)/answer", as: "court", json: #"{"answer": "upheld", "reason": "No"}"#)
            _ = try await client.post(
                "/v1/me/disputes/\(dispute)/appeal", as: "person", json: #"{"reason": "Receipt"}"#)
            _ = try await client.post(
                "/v1/appeals/\(dispute)/decision", as: "reviewer",
                json: #"{"decision": "overturned", "reason": "Paid"}"#)
            let sent = try await Self.corrections(client)
            #expect(sent.map { $0["reference"] as? String } == ["P2", "P1"])
            #expect(sent.first?["change"] as? String == "overturned")
        }
    }

    @Test("a correction reaches back 180 days, and not further")
    func window() async throws {
        for (today, reached) in [("2026-07-09", true), ("2026-07-10", false)] {
            let harness = try await RegistryHarness()
            let calendar = harness.calendar
            try await harness.test { client in
                _ = try await client.post(
                    "/v1/records", as: "court",
                    json:
                        #"{"reference": "P1", "subject": "\#(Self.person)", "kind": "court.default", "occurred": "2026-01-02"}"#
                )
                try await Self.deny(client)  // 2026-01-10
                calendar.set(Day(iso: today)!)
                _ = try await client.post("/v1/records/court/P1/retracted", as: "court", json: "")
                #expect(try await Self.corrections(client).count == (reached ? 1 : 0), "retracted on \(today)")
            }
        }
    }
}

@Suite("Notices of passed deadlines")
struct DeadlineNoticeTests {
    @Test("a dispute, an appeal and a repair application past their deadlines each give one notice, once")
    func passedDeadlines() async throws {
        let harness = try await RegistryHarness()
        let calendar = harness.calendar
        let sweep = DeadlineNotices(registry: harness.service)
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"[{"reference": "D1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02"},"#
                    + #" {"reference": "D2", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-01", "fulfilled": "2026-01-05"}]"#
            )
            let records = try await client.get("/v1/me/records", as: "person").object["records"] as? [[String: Any]]
            let ids = Dictionary(
                uniqueKeysWithValues: (records ?? []).map { ($0["reference"] as! String, $0["id"] as! Int) })
            _ = try await client.post(
                "/v1/me/disputes", as: "person", json: #"{"record": \#(ids["D1"]!), "reason": "Paid"}"#)
            _ = try await client.post(
                "/v1/me/repairs", as: "person", json: #"{"record": \#(ids["D2"]!), "commitment": "On time"}"#)
            func overdue() async throws -> [String] {
                let page = try await client.get("/v1/me/notices", as: "person").object["notices"] as? [[String: Any]]
                return (page ?? []).compactMap { $0["kind"] as? String }.filter { $0.hasSuffix("-overdue") }
            }
            try await sweep.sweep()
            #expect(try await overdue().isEmpty)
            // The repair application of 2026-01-10 is due by 2026-01-20; the dispute by 2026-02-09.
            calendar.set(Day(iso: "2026-01-20")!)
            try await sweep.sweep()
            #expect(try await overdue().isEmpty, "the deadline day itself has not passed")
            calendar.set(Day(iso: "2026-01-21")!)
            try await sweep.sweep()
            try await sweep.sweep()
            #expect(try await overdue() == ["repair-overdue"], "once, however often it runs")
            calendar.set(Day(iso: "2026-02-15")!)
            try await sweep.sweep()
            #expect(try await overdue() == ["dispute-overdue", "repair-overdue"], "a deadline passed between sweeps")
            let text = try #require(
                (try await client.get("/v1/me/notices", as: "person").object["notices"] as? [[String: Any]])?.first?[
                    "text"] as? String)
            #expect(text.contains("did not answer your dispute") && text.contains("by 9 February 2026"))
        }
    }
}

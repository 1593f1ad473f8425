import CandorCore
import CandorHTTP
import CandorRegistry
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Agencies and providers over HTTP")
struct AgencyAndProviderTests {
    static let defaultRecord =
        #"{"reference": "R1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-01"}"#
    static let check = #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Ticket sale"}"#

    @Test("a record submitted by an agency changes the next check; fulfilment lifts the listing the same day")
    func submissionChangesChecks() async throws {
        try await RegistryHarness().test { client in
            let before = try await client.post("/v1/checks", as: "provider", json: Self.check)
            #expect(before.status == .ok)
            #expect(before.object["decision"] as? String == "allowed")

            let submitted = try await client.post("/v1/records", as: "court", json: Self.defaultRecord)
            #expect(submitted.status == .ok)
            #expect(submitted.object["created"] as? Int == 1)

            let after = try await client.post("/v1/checks", as: "provider", json: Self.check)
            #expect(after.object["decision"] as? String == "denied")
            let reason = try #require((after.object["reasons"] as? [[String: Any]])?.first)
            #expect(reason["list"] as? String == "defaulters")
            #expect(reason["legalBasis"] as? String == "Test law, art. 1")
            #expect(reason["until"] as? String == "2026-02-20")
            #expect(reason["remedy"] as? String == "Pay.")
            #expect(
                Set(after.object.keys) == ["decision", "reasons", "checkedAt", "policy"],
                "nothing else about the subject")

            let fulfilled = try await client.post("/v1/records/court/R1/fulfilled", as: "court", json: "")
            #expect(fulfilled.status == .ok)
            #expect(fulfilled.object["status"] as? String == "updated")
            #expect(fulfilled.object["date"] as? String == "2026-01-10")
            let lifted = try await client.post("/v1/checks", as: "provider", json: Self.check)
            #expect(lifted.object["decision"] as? String == "allowed")

            let retracted = try await client.post(
                "/v1/records/court/R1/retracted", as: "court", json: #"{"date": "2026-01-09"}"#)
            #expect(retracted.object["status"] as? String == "updated")
            let history = try await client.get("/v1/me/records", as: "person")
            let events = (history.object["events"] as? [[String: Any]] ?? []).map { $0["kind"] as? String }
            #expect(events == ["fulfilled", "retracted"])
            let rating = try await client.get("/v1/me", as: "person")
            #expect(rating.object["score"] as? Int == 1000, "a retracted record counts on no date")
            let again = try await client.post("/v1/records", as: "court", json: Self.defaultRecord)
            #expect(again.object["unchanged"] as? Int == 1, "resubmitting without the date keeps it")
        }
    }

    @Test("records another server stores reach this server's checks by the access log; a new day is rebuilt")
    func followsOtherWriters() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            let index = try #require(harness.service.standings.current(for: harness.calendar.today))
            #expect(
                try await client.post("/v1/checks", as: "provider", json: Self.check).object["decision"] as? String
                    == "allowed")
            // Another server (or `candor ingest`) writes to the same registry: this server did not see it.
            _ = try await harness.store.submit(
                [
                    Record(
                        agency: "court", reference: "ELSEWHERE-1", subject: RegistryHarness.person,
                        kind: "court.default", occurred: Day(iso: "2026-01-05")!)
                ], at: Date(), accessor: Accessor(actor: "agency:another server", purpose: "test"))
            var decision: String?
            for _ in 0..<200 {
                decision =
                    try await client.post("/v1/checks", as: "provider", json: Self.check).object["decision"]
                    as? String
                if decision == "denied" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(decision == "denied", "the change is followed within 2 s")
            #expect(harness.service.standings.current(for: harness.calendar.today) === index, "by update, not rebuild")

            // 50 days on, the listing has ended; the standings are rebuilt for the new day.
            harness.calendar.set(Day(iso: "2026-03-01")!)
            #expect(
                try await client.post("/v1/checks", as: "provider", json: Self.check).object["decision"] as? String
                    == "allowed")
            try await harness.waitForStandings()
            #expect(harness.service.standings.current(for: harness.calendar.today)?.asOf == Day(iso: "2026-03-01")!)
            #expect(
                try await client.post("/v1/checks", as: "provider", json: Self.check).object["decision"] as? String
                    == "allowed")
        }
    }

    @Test("a batch gets a result per item; what the agency may not submit is refused and logged")
    func batch() async throws {
        let harness = try await RegistryHarness()
        let store = harness.store
        try await harness.test { client in
            let body = """
                [
                  {"reference": "B1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02"},
                  {"reference": "B2", "subject": "11010519491231002X", "kind": "civic.award", "occurred": "2026-01-02"},
                  {"agency": "civic", "reference": "B3", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02"},
                  {"reference": "B4", "subject": "110105194912310021", "kind": "court.default", "occurred": "2026-01-02"},
                  {"reference": "B5", "subject": "11010519491231002X", "kind": "court.fine", "occurred": "2026-01-02"},
                  {"reference": "B6", "subject": "11010519491231002X", "kind": "court.default"},
                  "not an object"
                ]
                """
            let response = try await client.post("/v1/records", as: "court", json: body)
            #expect(response.status == .ok)
            let results = try #require(response.object["results"] as? [[String: Any]])
            #expect(
                results.map { $0["status"] as? String } == [
                    "created", "refused", "refused", "refused", "refused", "refused", "refused",
                ])
            #expect(
                results.map { $0["field"] as? String } == [
                    nil, "kind", "agency", "subject", "subject", "occurred", nil,
                ])
            #expect((results[3]["message"] as? String)?.contains("check character") == true)
            #expect(response.object["refused"] as? Int == 6)
        }
        let log = try await store.accessLog(subject: RegistryHarness.person, after: 0, limit: 100)
        #expect(
            log.map(\.answer).filter { $0.hasPrefix("refused") }.count == 3,
            "refusals that touched a subject are logged")
        #expect(log.contains { $0.answer == "created" && $0.actor == "agency:test agency" })
    }

    @Test("NDJSON bodies are read line by line")
    func ndjson() async throws {
        try await RegistryHarness().test { client in
            let body = """
                {"reference": "N1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02"}
                {"reference": "N2", "subject": "91350100M000100Y43", "kind": "court.fine", "occurred": "2026-01-02", "amount": 100}
                """
            let response = try await client.post(
                "/v1/records", as: "court", json: body, contentType: "application/x-ndjson")
            #expect(response.object["created"] as? Int == 2)
        }
    }

    @Test("an agency cannot change another agency's record, nor answer its disputes")
    func otherAgency() async throws {
        try await RegistryHarness().test { client in
            _ = try await client.post("/v1/records", as: "court", json: Self.defaultRecord)
            let change = try await client.post("/v1/records/court/R1/retracted", as: "civic", json: "")
            #expect(change.status == .forbidden)
            #expect(change.errorCode == "forbidden")
            let attempts = try await client.get("/v1/me/access-log", as: "person")
            let refusals = (attempts.object["entries"] as? [[String: Any]] ?? []).filter {
                ($0["action"] as? String) == "change court/R1" && ($0["actor"] as? String) == "agency:test agency"
            }
            #expect(refusals.count == 1, "the attempt touched the subject's record, so it is logged")
            let missing = try await client.post("/v1/records/court/R9/fulfilled", as: "court", json: "")
            #expect(missing.status == .notFound)

            let records = try await client.get("/v1/me/records", as: "person")
            let id = try #require(((records.object["records"] as? [[String: Any]])?.first)?["id"] as? Int)
            let opened = try await client.post(
                "/v1/me/disputes", as: "person", json: #"{"record": \#(id), "reason": "Not mine"}"#)
            let dispute = try #require(opened.object["id"] as? Int)
            let foreign = try await client.post(
                "/v1/disputes/\(dispute)/answer", as: "civic", json: #"{"answer": "retracted", "reason": "Checked"}"#)
            #expect(foreign.status == .forbidden)
            let open = try await client.get("/v1/disputes", as: "court")
            #expect((open.object["disputes"] as? [[String: Any]])?.first?["deadline"] as? String == "2026-02-09")
            let answered = try await client.post(
                "/v1/disputes/\(dispute)/answer", as: "court", json: #"{"answer": "upheld", "reason": "Checked"}"#)
            #expect(answered.status == .ok)
            #expect(answered.object["answer"] as? String == "upheld")
            let twice = try await client.post(
                "/v1/disputes/\(dispute)/answer", as: "court", json: #"{"answer": "upheld", "reason": "Checked"}"#)
            #expect(twice.status == .conflict)
            let log = try await client.get("/v1/me/access-log", as: "person")
            let answers = (log.object["entries"] as? [[String: Any]] ?? []).compactMap { $0["answer"] as? String }
            #expect(answers.contains("refused: another agency's record"))
        }
    }

    @Test("a provider checks only the actions its key allows, and reads no file")
    func providerScope() async throws {
        let harness = try await RegistryHarness()
        let store = harness.store
        try await harness.test { client in
            let outside = try await client.post(
                "/v1/checks", as: "provider",
                json: #"{"subject": "11010519491231002X", "action": "air.ticket", "purpose": "Ticket sale"}"#)
            #expect(outside.status == .forbidden)
            let file = try await client.get("/v1/subjects/11010519491231002X", as: "provider")
            #expect(file.status == .forbidden)
            let me = try await client.get("/v1/me", as: "provider")
            #expect(me.status == .forbidden)
            let submit = try await client.post("/v1/records", as: "provider", json: Self.defaultRecord)
            #expect(submit.status == .forbidden)
        }
        let answers = try await store.accessLog(subject: RegistryHarness.person, after: 0, limit: 10).map(\.answer)
        #expect(answers == ["refused: outside the key's scope", "refused: provider key"])
    }

    @Test(
        "bad check requests are clear 4xx answers",
        arguments: [
            (#"{"subject": "11010519491231002X", "action": "ferry.ticket", "purpose": "x"}"#, "unknown-action"),
            (#"{"subject": "1101051949123100", "action": "rail.ticket", "purpose": "x"}"#, "invalid-subject"),
            (#"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": " "}"#, "purpose-required"),
            (#"{"subject": "11010519491231002X", "action": "rail.ticket"}"#, "invalid-body"),
            (#"{"subject": 42, "action": "rail.ticket", "purpose": "x"}"#, "invalid-body"),
            (#"{"subject": "#, "invalid-json"),
        ])
    func badChecks(body: String, code: String) async throws {
        try await RegistryHarness().test { client in
            let response = try await client.post("/v1/checks", as: "provider", json: body)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == code)
            #expect((response.object["error"] as? [String: Any])?["message"] as? String != nil)
        }
    }

    @Test("a key revoked while the server runs is refused within a second")
    func revokedWhileRunning() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            #expect(try await client.get("/v1/access-log", as: "auditor").status == .ok)
            let id = String(harness.keys["auditor"]!.prefix(12))
            #expect(try await harness.store.revokeKey(id: id, at: Date()))
            try await Task.sleep(for: .milliseconds(1_100))
            let refused = try await client.get("/v1/access-log", as: "auditor")
            #expect(refused.status == .unauthorized)
            #expect(refused.errorCode == "revoked-key")
        }
    }

    @Test("a missing, malformed, unknown or revoked key is refused with 401")
    func authentication() async throws {
        try await RegistryHarness().test { client in
            let response1 = try await client.post("/v1/checks", json: Self.check)
            #expect(response1.status == .unauthorized)
            let response2 = try await client.post("/v1/checks", as: "nonsense", json: Self.check)
            #expect(response2.errorCode == "malformed-key")
            let unknown = "0123456789ab." + Data(repeating: 7, count: 32).base64URLEncoded
            let response3 = try await client.post("/v1/checks", as: unknown, json: Self.check)
            #expect(response3.errorCode == "unknown-key")
            let response4 = try await client.get("/v1/access-log", as: "revoked")
            #expect(response4.errorCode == "revoked-key")
            let response5 = try await client.get("/v1/access-log", as: "auditor")
            #expect(response5.status == .ok)
        }
    }

    @Test("an oversize body is refused with 413")
    func oversize() async throws {
        try await RegistryHarness(limits: RegistryLimits(maxBodyBytes: 512, maxBatch: 10)).test { client in
            let big = "[" + Array(repeating: Self.defaultRecord, count: 20).joined(separator: ",") + "]"
            let response = try await client.post("/v1/records", as: "court", json: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "body-too-large")
        }
    }
}

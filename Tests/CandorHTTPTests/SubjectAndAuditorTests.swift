import CandorCore
import CandorHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Subjects and auditors over HTTP")
struct SubjectAndAuditorTests {
    static let records = """
        [{"reference": "S1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-01"},
         {"reference": "S2", "subject": "440524188001010014", "kind": "court.default", "occurred": "2026-01-01"}]
        """

    /// Submits the court's records and returns the id of the person's.
    static func submitAndFindOwnRecord(_ client: RegistryHarness.Client) async throws -> Int {
        _ = try await client.post("/v1/records", as: "court", json: Self.records)
        let records = try await client.get("/v1/me/records", as: "person")
        return try #require(((records.object["records"] as? [[String: Any]])?.first)?["id"] as? Int)
    }

    @Test("a subject reads their rating, records, lists, what-if and access log")
    func ownFile() async throws {
        try await RegistryHarness().test { client in
            _ = try await client.post("/v1/records", as: "court", json: Self.records)
            _ = try await client.post(
                "/v1/checks", as: "provider",
                json: #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Ticket sale"}"#)

            let me = try await client.get("/v1/me", as: "person")
            #expect(me.status == .ok)
            #expect(me.object["score"] as? Int == 900)
            #expect((me.object["tier"] as? [String: Any])?["id"] as? String == "bottom")
            let contribution = try #require((me.object["contributions"] as? [[String: Any]])?.first)
            #expect(
                contribution["rule"] as? String == "-100 points for 100 days, -20 once fulfilled, kind capped at ±150")
            #expect(contribution["effectEnds"] as? String == "2026-04-11")
            #expect(contribution["status"] as? String == "counting")

            let records = try await client.get("/v1/me/records", as: "person")
            let recordList = try #require(records.object["records"] as? [[String: Any]])
            #expect(recordList.map { $0["reference"] as? String } == ["S1"], "only the subject's own records")
            let id = try #require(recordList.first?["id"] as? Int)

            let lists = try await client.get("/v1/me/lists", as: "person")
            let listing = try #require((lists.object["lists"] as? [[String: Any]])?.first)
            #expect(listing["remedy"] as? String == "Pay.")
            #expect(listing["until"] as? String == "2026-02-20")

            let whatIf = try await client.get("/v1/me/what-if?record=\(id)&change=fulfilled", as: "person")
            #expect((whatIf.object["before"] as? [String: Any])?["score"] as? Int == 900)
            #expect((whatIf.object["after"] as? [String: Any])?["score"] as? Int == 980)
            #expect(((whatIf.object["after"] as? [String: Any])?["lists"] as? [String]) == [])
            // A tier has one shape wherever it appears: the rating's and the what-if's alike.
            let tierKeys = { (object: Any?) in
                ((object as? [String: Any])?["tier"] as? [String: Any]).map { Set($0.keys) }
            }
            #expect(tierKeys(whatIf.object["before"]) == ["id", "title", "min"])
            #expect(tierKeys(whatIf.object["before"]) == tierKeys(me.object))
            let expired = try await client.get("/v1/me/what-if?record=\(id)&change=expired", as: "person")
            #expect((expired.object["after"] as? [String: Any])?["score"] as? Int == 1000)
            let notMine = try await client.get("/v1/me/what-if?record=\(id + 1)", as: "person")
            #expect(notMine.status == .notFound)

            let log = try await client.get("/v1/me/access-log", as: "person")
            let entries = try #require(log.object["entries"] as? [[String: Any]])
            let check = try #require(entries.first { ($0["action"] as? String) == "check rail.ticket" })
            #expect(check["purpose"] as? String == "Ticket sale")
            #expect(check["answer"] as? String == "denied: defaulters")
            #expect(check["actor"] as? String == "provider:test provider")
            #expect(entries.contains { ($0["action"] as? String) == "read rating" })
            #expect(entries.allSatisfy { ($0["subject"] as? String) == "11010519491231002X" })
        }
    }

    @Test("a subject cannot read or dispute another subject's file; the attempt is logged on that file")
    func otherSubject() async throws {
        let harness = try await RegistryHarness()
        let store = harness.store
        try await harness.test { client in
            _ = try await client.post("/v1/records", as: "court", json: Self.records)
            let other = try await client.get("/v1/subjects/440524188001010014", as: "person")
            #expect(other.status == .forbidden)
            let own = try await client.get("/v1/subjects/11010519491231002X", as: "person")
            #expect(own.status == .ok)
            let theirs = try await client.get("/v1/me/records", as: "otherPerson")
            let theirID = try #require(((theirs.object["records"] as? [[String: Any]])?.first)?["id"] as? Int)
            let dispute = try await client.post(
                "/v1/me/disputes", as: "person", json: #"{"record": \#(theirID), "reason": "Not mine"}"#)
            #expect(dispute.status == .notFound)
            let response1 = try await client.get("/v1/access-log", as: "person")
            #expect(response1.status == .forbidden)
        }
        let entries = try await store.accessLog(subject: RegistryHarness.otherPerson, after: 0, limit: 20)
        #expect(entries.contains { $0.answer == "refused: subject key" && $0.actor.hasPrefix("subject:") })
        #expect(
            entries.contains {
                $0.action.hasPrefix("open dispute") && $0.answer == "refused: not the subject's record"
            }, "the attempt to dispute another's record is logged on that record's subject")
        #expect(!entries.contains { $0.actor.contains(RegistryHarness.person.text) }, "no actor names a person")
    }

    @Test("a dispute unanswered by its deadline suspends the record; an upheld answer restores it")
    func disputeSuspends() async throws {
        let harness = try await RegistryHarness()
        let calendar = harness.calendar
        try await harness.test { client in
            _ = try await client.post("/v1/records", as: "court", json: Self.records)
            let check = #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Ticket sale"}"#
            let records = try await client.get("/v1/me/records", as: "person")
            let id = try #require(((records.object["records"] as? [[String: Any]])?.first)?["id"] as? Int)
            let dispute = try await client.post(
                "/v1/me/disputes", as: "person", json: #"{"record": \#(id), "reason": "Not mine"}"#)
            #expect(dispute.status == .created)
            #expect(dispute.object["deadline"] as? String == "2026-02-09")
            let disputeID = try #require(dispute.object["id"] as? Int)

            // The agency may answer up to and including the deadline: the record counts until then.
            calendar.set(Day(iso: "2026-02-09")!)
            let response2 = try await client.post("/v1/checks", as: "provider", json: check)
            #expect(response2.object["decision"] as? String == "denied")
            calendar.set(Day(iso: "2026-02-10")!)
            let response3 = try await client.post("/v1/checks", as: "provider", json: check)
            #expect(response3.object["decision"] as? String == "allowed")
            let response4 = try await client.get("/v1/me", as: "person")
            #expect(response4.object["score"] as? Int == 1000)
            let open = try await client.get("/v1/disputes", as: "court")
            #expect((open.object["disputes"] as? [[String: Any]])?.first?["overdue"] as? Bool == true)

            calendar.set(Day(iso: "2026-02-12")!)
            _ = try await client.post(
                "/v1/disputes/\(disputeID)/answer", as: "court", json: #"{"answer": "upheld", "reason": "Checked"}"#)
            let response5 = try await client.post("/v1/checks", as: "provider", json: check)
            #expect(response5.object["decision"] as? String == "denied")
            let mine = try await client.get("/v1/me/disputes", as: "person")
            #expect((mine.object["disputes"] as? [[String: Any]])?.first?["answered"] as? String == "2026-02-12")
        }
    }

    @Test("a retracted answer removes the record at once")
    func disputeRetracted() async throws {
        try await RegistryHarness().test { client in
            let id = try await Self.submitAndFindOwnRecord(client)
            let dispute = try await client.post(
                "/v1/me/disputes", as: "person", json: #"{"record": \#(id), "reason": "Not mine"}"#)
            let disputeID = try #require(dispute.object["id"] as? Int)
            _ = try await client.post(
                "/v1/disputes/\(disputeID)/answer", as: "court", json: #"{"answer": "retracted", "reason": "Checked"}"#)
            let response6 = try await client.get("/v1/me", as: "person")
            #expect(response6.object["score"] as? Int == 1000)
            let board = try await client.get("/v1/agencies")
            let court = try #require(board.array.first { $0["id"] as? String == "court" })
            #expect(court["disputesReceived"] as? Int == 1)
            #expect(court["shareOverturned"] as? Double == 1)
            #expect(court["medianAnswerDays"] as? Double == 0)
        }
    }

    @Test("reviews feed the agency board: one per subject, of an agency that holds a record about them")
    func reviews() async throws {
        try await RegistryHarness().test { client in
            let stranger = try await client.post("/v1/agencies/court/reviews", as: "person", json: #"{"stars": 1}"#)
            #expect(stranger.status == .forbidden, "the court holds no record about the person yet")
            _ = try await client.post(
                "/v1/records", as: "court",
                json: """
                    [{"reference": "R1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-01"},
                     {"reference": "R2", "subject": "91350100M000100Y43", "kind": "court.default", "occurred": "2026-01-01"}]
                    """)
            for _ in 0..<5 {
                let again = try await client.post("/v1/agencies/court/reviews", as: "person", json: #"{"stars": 1}"#)
                #expect(again.status == .created)
                #expect(again.object["stars"] as? Int == 1, "stars come back as the number sent")
                #expect(!String(buffer: again.body).contains(#""stars":"1""#))
            }
            let long = try await client.post(
                "/v1/agencies/court/reviews", as: "person",
                json: #"{"stars": 2, "comment": "\#(String(repeating: "x", count: 1001))"}"#)
            #expect(long.errorCode == "comment-too-long")
            let response7 = try await client.post(
                "/v1/agencies/court/reviews", as: "person", json: #"{"stars": 2, "comment": "slow"}"#)
            #expect(response7.status == .created)
            let response8 = try await client.post("/v1/agencies/court/reviews", as: "company", json: #"{"stars": 5}"#)
            #expect(response8.status == .created)
            let response9 = try await client.post("/v1/agencies/court/reviews", as: "person", json: #"{"stars": 6}"#)
            #expect(response9.errorCode == "invalid-stars")
            let response10 = try await client.post("/v1/agencies/police/reviews", as: "person", json: #"{"stars": 3}"#)
            #expect(response10.status == .notFound)
            let response11 = try await client.post("/v1/agencies/court/reviews", as: "court", json: #"{"stars": 5}"#)
            #expect(response11.status == .forbidden)
            let board = try await client.get("/v1/agencies")
            let court = try #require(board.array.first { $0["id"] as? String == "court" })
            #expect(court["averageReview"] as? Double == 3.5)
            #expect(court["reviews"] as? Int == 2)
        }
    }

    @Test("an attestation is a JWS any holder of the JWKS verifies; its status follows revocation and standing")
    func attestations() async throws {
        let harness = try await RegistryHarness()
        let calendar = harness.calendar
        try await harness.test { client in
            let yearLong = #"{"audience": "rail.example", "days": 365, "onNoRestrictionList": true}"#
            let refused = try await client.post("/v1/me/attestations", as: "person", json: yearLong)
            #expect(refused.errorCode == "invalid-days", "a no-list claim is valid for at most 7 days")
            let issued = try await client.post(
                "/v1/me/attestations", as: "person",
                json: #"{"audience": "rail.example", "days": 7, "onNoRestrictionList": true}"#)
            #expect(issued.status == .created)
            let token = try #require(issued.object["token"] as? String)
            let id = try #require(issued.object["id"] as? String)
            #expect(token.split(separator: ".").count == 3)
            #expect(!token.contains("11010519491231002X"))
            let header = try #require(Data(base64URLEncoded: String(token.split(separator: ".")[0])))
            #expect(String(decoding: header, as: UTF8.self).contains(#""alg":"EdDSA""#))

            let jwks = try await client.get("/.well-known/jwks.json").object
            let jwk = try #require((jwks["keys"] as? [[String: Any]])?.first)
            let x = try #require(jwk["x"] as? String)
            let key = PublicJWK(publicKey: try #require(Data(base64URLEncoded: x)))
            #expect(jwk["kid"] as? String == key.kid)
            let claims = try AttestationVerifier.verify(token, key: key, at: calendar.now)
            #expect(claims.aud == "rail.example")
            #expect(claims.noList == true)
            #expect(claims.exp - claims.iat == 7 * 86_400)
            #expect(
                claims.sub.count >= 22 && !claims.sub.contains("1101"), "a pairwise subject, not the identity number")
            let other = try await client.post(
                "/v1/me/attestations", as: "person", json: #"{"audience": "bank.example", "days": 3}"#)
            let otherClaims = try #require(other.object["claims"] as? [String: Any])
            #expect(otherClaims["sub"] as? String != claims.sub, "another audience, another identifier")
            #expect(otherClaims["no_list"] == nil)
            #expect(throws: AttestationError.expired(at: Date(timeIntervalSince1970: Double(claims.exp)))) {
                try AttestationVerifier.verify(token, key: key, at: Date(timeIntervalSince1970: Double(claims.exp)))
            }

            // Every other spelling of the signature's last character that decodes to the same bytes is refused.
            let last = token.last!
            let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            for character in alphabet where character != last {
                let altered = String(token.dropLast()) + String(character)
                #expect(throws: AttestationError.self) {
                    try AttestationVerifier.verify(altered, key: key, at: calendar.now)
                }
            }

            func status(_ token: String) async throws -> String? {
                try await client.post("/v1/attestations/verify", json: #"{"token": "\#(token)"}"#).object["status"]
                    as? String
            }
            #expect(try await status(token) == "valid")
            #expect(try await status(String(token.dropLast()) + (last == "A" ? "B" : "A")) == "invalid")
            let listed = try await client.get("/v1/me/attestations", as: "person").object
            #expect((listed["attestations"] as? [[String: Any]])?.count == 2)
            #expect(try await client.post("/v1/me/attestations/\(id)/revoke", as: "otherPerson").status == .notFound)
            #expect(try await client.post("/v1/me/attestations/\(id)/revoke", as: "person").status == .ok)
            #expect(try await status(token) == "revoked")

            // The standing changes: the other attestation is superseded; a no-list claim is now refused.
            let otherToken = try #require(other.object["token"] as? String)
            #expect(try await status(otherToken) == "valid")
            _ = try await client.post("/v1/records", as: "court", json: Self.records)
            #expect(try await status(otherToken) == "superseded")
            let overclaim = try await client.post(
                "/v1/me/attestations", as: "person", json: #"{"audience": "rail.example", "onNoRestrictionList": true}"#
            )
            #expect(overclaim.status == .conflict)
            calendar.advance(by: 4 * 86_400)
            #expect(try await status(otherToken) == "expired")
            let log = try await client.get("/v1/me/access-log", as: "person").text
            #expect(
                log.contains("verify attestation \(claims.jti)"), "a relying party's question is in the subject's log")
        }
    }

    @Test(
        "a dispute needs a reason, an identity-theft dispute a police report; an answer needs a reason and a fair date")
    func disputeGroundsAndReasons() async throws {
        let harness = try await RegistryHarness()
        let calendar = harness.calendar
        try await harness.test { client in
            let id = try await Self.submitAndFindOwnRecord(client)
            func open(_ body: String) async throws -> TestResponse {
                try await client.post("/v1/me/disputes", as: "person", json: body)
            }
            #expect(try await open(#"{"record": \#(id)}"#).errorCode == "invalid-reason")
            #expect(try await open(#"{"record": \#(id), "reason": "   "}"#).errorCode == "invalid-reason")
            let long = String(repeating: "x", count: 2_001)
            #expect(try await open(#"{"record": \#(id), "reason": "\#(long)"}"#).errorCode == "invalid-reason")
            #expect(
                try await open(#"{"record": \#(id), "reason": "Not me", "ground": "identity-theft"}"#).errorCode
                    == "invalid-police-report")
            #expect(
                try await open(#"{"record": \#(id), "reason": "x", "ground": "mistake"}"#).errorCode == "invalid-ground"
            )

            // Identity theft: the record stops counting the day the dispute is opened.
            let check = #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Ticket sale"}"#
            #expect(
                try await client.post("/v1/checks", as: "provider", json: check).object["decision"] as? String
                    == "denied")
            let opened = try await open(
                #"{"record": \#(id), "reason": "My card was stolen", "ground": "identity-theft", "policeReport": "PD-17"}"#
            )
            #expect(opened.status == .created)
            #expect(opened.object["ground"] as? String == "identity-theft")
            #expect(opened.object["reason"] as? String == "My card was stolen")
            #expect(opened.object["policeReport"] as? String == "PD-17")
            #expect(
                try await client.post("/v1/checks", as: "provider", json: check).object["decision"] as? String
                    == "allowed")
            #expect(
                try await open(#"{"record": \#(id), "reason": "Again"}"#).status == .conflict,
                "one open dispute per record")
            let disputeID = try #require(opened.object["id"] as? Int)

            func answer(_ body: String) async throws -> TestResponse {
                try await client.post("/v1/disputes/\(disputeID)/answer", as: "court", json: body)
            }
            #expect(try await answer(#"{"answer": "upheld"}"#).errorCode == "invalid-reason")
            #expect(
                try await answer(#"{"answer": "upheld", "reason": "Checked", "date": "2026-01-09"}"#).errorCode
                    == "invalid-date", "not before the dispute was opened")
            #expect(
                try await answer(#"{"answer": "upheld", "reason": "Checked", "date": "2026-01-11"}"#).errorCode
                    == "invalid-date", "not after today")
            calendar.set(Day(iso: "2026-01-12")!)
            let answered = try await answer(#"{"answer": "upheld", "reason": "The card was used with its PIN"}"#)
            #expect(answered.status == .ok)
            let mine = try await client.get("/v1/me/disputes", as: "person")
            let shown = try #require((mine.object["disputes"] as? [[String: Any]])?.first)
            #expect(shown["answerReason"] as? String == "The card was used with its PIN")
            #expect(
                try await client.post("/v1/checks", as: "provider", json: check).object["decision"] as? String
                    == "denied")
        }
    }

    @Test("a subject's statement is attached to their record and shown to them, the agency and an auditor")
    func statements() async throws {
        try await RegistryHarness().test { client in
            let id = try await Self.submitAndFindOwnRecord(client)
            let other = try await client.get("/v1/me/records", as: "otherPerson")
            let theirs = try #require(((other.object["records"] as? [[String: Any]])?.first)?["id"] as? Int)
            func attach(_ record: Int, _ text: String, as key: String = "person") async throws -> TestResponse {
                try await client.post("/v1/me/records/\(record)/statement", as: key, json: #"{"text": "\#(text)"}"#)
            }
            #expect(try await attach(id, "").errorCode == "invalid-statement")
            #expect(try await attach(id, String(repeating: "x", count: 501)).errorCode == "invalid-statement")
            #expect(try await attach(theirs, "Not mine").status == .notFound, "another subject's record")
            #expect(try await attach(id, "I paid on 5 January").status == .ok)
            #expect(try await attach(id, "I paid in full on 5 January").status == .ok, "a new statement replaces it")

            let mine = try await client.get("/v1/me", as: "person")
            let contribution = try #require((mine.object["contributions"] as? [[String: Any]])?.first)
            #expect(contribution["statement"] as? String == "I paid in full on 5 January")
            let audited = try await client.get("/v1/subjects/11010519491231002X?purpose=review", as: "auditor")
            #expect(audited.text.contains("I paid in full on 5 January"))
            _ = try await client.post("/v1/me/disputes", as: "person", json: #"{"record": \#(id), "reason": "Paid"}"#)
            let open = try await client.get("/v1/disputes", as: "court")
            #expect(
                (open.object["disputes"] as? [[String: Any]])?.first?["statement"] as? String
                    == "I paid in full on 5 January")
            let log = try await client.get("/v1/me/access-log", as: "person").text
            #expect(log.contains("attach statement to record \(id)"))
        }
    }

    @Test("an upheld answer is appealed once, in time; a reviewer decides; an undecided appeal suspends the record")
    func appeals() async throws {
        let harness = try await RegistryHarness()
        let calendar = harness.calendar
        try await harness.test { client in
            let id = try await Self.submitAndFindOwnRecord(client)
            let opened = try await client.post(
                "/v1/me/disputes", as: "person", json: #"{"record": \#(id), "reason": "I paid"}"#)
            let disputeID = try #require(opened.object["id"] as? Int)
            func appeal(_ body: String, as key: String = "person") async throws -> TestResponse {
                try await client.post("/v1/me/disputes/\(disputeID)/appeal", as: key, json: body)
            }
            #expect(try await appeal(#"{"reason": "Too early"}"#).errorCode == "not-appealable", "no answer yet")
            calendar.set(Day(iso: "2026-01-12")!)
            _ = try await client.post(
                "/v1/disputes/\(disputeID)/answer", as: "court", json: #"{"answer": "upheld", "reason": "No payment"}"#)
            #expect(try await appeal(#"{"reason": "Mine"}"#, as: "otherPerson").status == .notFound)
            #expect(try await appeal(#"{}"#).errorCode == "invalid-reason")
            #expect(try await appeal(#"{"reason": "x"}"#, as: "court").status == .forbidden)

            // The test city gives 15 days to appeal (the default): the last day is 2026-01-27.
            calendar.set(Day(iso: "2026-01-27")!)
            let appealed = try await appeal(#"{"reason": "The receipt is attached to my file"}"#)
            #expect(appealed.status == .created)
            let view = try #require(appealed.object["appeal"] as? [String: Any])
            #expect(view["deadline"] as? String == "2026-02-26", "a reviewer decides within 30 days")
            #expect(try await appeal(#"{"reason": "Again"}"#).errorCode == "already-appealed")

            // The record's -100 points count while it is not suspended (the listing has ended by now).
            func score() async throws -> Int? { try await client.get("/v1/me", as: "person").object["score"] as? Int }
            calendar.set(Day(iso: "2026-02-26")!)
            #expect(try await score() == 900, "the reviewer may still decide on the deadline day")
            calendar.set(Day(iso: "2026-02-27")!)
            #expect(try await score() == 1000, "suspended from the day after the review deadline")

            #expect(try await client.get("/v1/appeals", as: "court").status == .forbidden)
            let waiting = try await client.get("/v1/appeals", as: "reviewer")
            #expect(
                (waiting.object["appeals"] as? [[String: Any]])?.first?["subject"] as? String == "11010519491231002X")
            func decide(_ body: String) async throws -> TestResponse {
                try await client.post("/v1/appeals/\(disputeID)/decision", as: "reviewer", json: body)
            }
            #expect(try await decide(#"{"decision": "overturned"}"#).errorCode == "invalid-reason")
            let decided = try await decide(#"{"decision": "confirmed", "reason": "The receipt is for another case"}"#)
            #expect(decided.status == .ok)
            #expect(try await score() == 900, "confirmed: the record counts again from the decision")
            #expect(try await decide(#"{"decision": "overturned", "reason": "x"}"#).errorCode == "already-decided")
            let mine = try await client.get("/v1/me/disputes", as: "person")
            let shown = try #require((mine.object["disputes"] as? [[String: Any]])?.first?["appeal"] as? [String: Any])
            #expect(shown["decision"] as? String == "confirmed")
            #expect(shown["decisionReason"] as? String == "The receipt is for another case")
        }
    }

    @Test("an appeal overturned by the reviewer retracts the record")
    func appealOverturned() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            let id = try await Self.submitAndFindOwnRecord(client)
            let opened = try await client.post(
                "/v1/me/disputes", as: "person", json: #"{"record": \#(id), "reason": "I paid"}"#)
            let disputeID = try #require(opened.object["id"] as? Int)
            _ = try await client.post(
                "/v1/disputes/\(disputeID)/answer", as: "court", json: #"{"answer": "upheld", "reason": "No payment"}"#)
            _ = try await client.post(
                "/v1/me/disputes/\(disputeID)/appeal", as: "person", json: #"{"reason": "Receipt attached"}"#)
            let decided = try await client.post(
                "/v1/appeals/\(disputeID)/decision", as: "reviewer",
                json: #"{"decision": "overturned", "reason": "The receipt proves payment"}"#)
            #expect(decided.status == .ok)
            #expect(try await client.get("/v1/me", as: "person").object["score"] as? Int == 1000)
            let log = try await client.get("/v1/me/access-log", as: "person").text
            #expect(log.contains("decide appeal of dispute \(disputeID)"))
        }
    }

    @Test("an auditor reads any file and the whole log; the read is logged like any other")
    func auditor() async throws {
        try await RegistryHarness().test { client in
            _ = try await client.post("/v1/records", as: "court", json: Self.records)
            let file = try await client.get("/v1/subjects/440524188001010014?purpose=complaint%20review", as: "auditor")
            #expect(file.status == .ok)
            #expect(((file.object["rating"] as? [String: Any])?["score"] as? Int) == 900)
            #expect((file.object["records"] as? [[String: Any]])?.count == 1)
            let log = try await client.get("/v1/access-log?subject=440524188001010014", as: "auditor")
            let entries = try #require(log.object["entries"] as? [[String: Any]])
            // The read of the log is itself the newest entry, after the read of the file.
            #expect(entries.last?["action"] as? String == "read access log")
            #expect(entries.dropLast().last?["purpose"] as? String == "complaint review")
            #expect(entries.dropLast().last?["actor"] as? String == "auditor:test auditor")
            let all = try await client.get("/v1/access-log?limit=2", as: "auditor")
            #expect((all.object["entries"] as? [[String: Any]])?.map { $0["sequence"] as? Int } == [1, 2])
            let response13 = try await client.get("/v1/subjects/123", as: "auditor")
            #expect(response13.status == .badRequest && response13.errorCode == "invalid-subject")
            // Of an identifier's form, but its check character is wrong: it names no one.
            let misspelt = try await client.get("/v1/subjects/110105194912310021", as: "auditor")
            #expect(misspelt.status == .notFound && misspelt.errorMessage?.contains("should be 'X'") == true)
        }
    }
}

import CandorCore
import CandorHTTP
import CandorTestSupport
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The pages' sessions and forms: the key kept in a Secure, HttpOnly, SameSite=Strict cookie, every form
/// bound to its session by an anti-forgery token, and signing out clearing the session.
@Suite("Web pages")
struct WebPagesTests {
    /// The value of a cookie set by a response, and its attributes.
    func setCookie(_ response: TestResponse, _ name: String) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }
    }

    func csrf(in html: String) -> String? { Browser.csrf(in: html) }

    func cookieValue(_ header: String) -> String {
        String(header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)[1])
    }

    @Test("public pages render without a key; signed-in pages ask for the right key")
    func pages() async throws {
        try await RegistryHarness().test { client in
            for path in ["/", "/policy", "/statistics", "/agencies"] {
                let page = try await client.get(path)
                #expect(page.status == .ok)
                #expect(page.text.hasPrefix("<!DOCTYPE html>"))
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            #expect(
                try await client.get("/policy").text.contains("Test law, art. 1"), "the policy page comes from the file"
            )
            let counter = try await client.get("/counter")
            #expect(counter.text.contains("The counter needs a provider key."))
        }
    }

    @Test("signing in keeps the key in a strict cookie; forms need the session's token; signing out clears it")
    func sessions() async throws {
        let harness = try await RegistryHarness()
        let providerKey = harness.keys["provider"]!
        try await harness.test { client in
            let signIn = try await client.get("/signin")
            let pre = try #require(setCookie(signIn, "candor_pre"))
            #expect(pre.contains("Secure") && pre.contains("HttpOnly") && pre.contains("SameSite=Strict"))
            let token = try #require(csrf(in: signIn.text))
            let preCookie = "candor_pre=\(cookieValue(pre))"

            func post(_ path: String, _ form: String, cookie: String) async throws -> TestResponse {
                try await client.client.execute(
                    uri: path, method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                    body: ByteBuffer(string: form))
            }
            let forged = try await post("/signin", "csrf=wrong&key=\(providerKey)&next=%2Fcounter", cookie: preCookie)
            #expect(forged.status == .forbidden)
            let wrongKey = try await post("/signin", "csrf=\(token)&key=nonsense&next=%2Fcounter", cookie: preCookie)
            #expect(wrongKey.status == .unauthorized)
            #expect(wrongKey.text.contains("That key is not valid here."))

            let signedIn = try await post(
                "/signin", "csrf=\(token)&key=\(providerKey)&next=%2Fcounter", cookie: preCookie)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/counter")
            let session = try #require(setCookie(signedIn, "candor_session"))
            #expect(session.contains("Secure") && session.contains("HttpOnly") && session.contains("SameSite=Strict"))
            let sessionCookie = "candor_session=\(cookieValue(session))"

            let counter = try await client.client.execute(
                uri: "/counter", method: .get, headers: [.cookie: sessionCookie])
            #expect(counter.status == .ok)
            let sessionToken = try #require(csrf(in: String(buffer: counter.body)))
            #expect(sessionToken != token, "the token is bound to the session, not to the sign-in page")
            let stolen = try await post(
                "/counter", "csrf=\(token)&subject=11010519491231002X&action=rail.ticket", cookie: sessionCookie)
            #expect(stolen.status == .forbidden)
            let checked = try await post(
                "/counter", "csrf=\(sessionToken)&subject=11010519491231002X&action=rail.ticket&purpose=Ticket+sale",
                cookie: sessionCookie)
            #expect(checked.text.contains(">ALLOWED<"))

            let signedOut = try await post("/signout", "csrf=\(sessionToken)", cookie: sessionCookie)
            #expect(signedOut.status == .seeOther)
            let cleared = try #require(setCookie(signedOut, "candor_session"))
            #expect(cleared.contains("Max-Age=0"))
        }
    }

    @Test("every answer forbids framing, sniffing, referrers and caching; the page's stylesheet is the one CSP allows")
    func securityHeaders() async throws {
        try await RegistryHarness().test { client in
            for path in ["/", "/policy", "/signin", "/v1/policy", "/v1/nothing", "/health"] {
                let page = try await client.get(path)
                #expect(page.headers[.cacheControl] == "no-store", "\(path)")
                #expect(page.headers[.init("X-Content-Type-Options")!] == "nosniff", "\(path)")
                #expect(page.headers[.init("Referrer-Policy")!] == "no-referrer", "\(path)")
                let policy = try #require(page.headers[.contentSecurityPolicy], "\(path)")
                #expect(policy.contains("frame-ancestors 'none'") && policy.contains("default-src 'none'"))
                #expect(!policy.contains("script-src") && !policy.contains("unsafe-inline"), "no script at all")
            }
            let html = try await client.get("/").text
            let style = try #require(
                html.range(of: "<style>").flatMap { start in
                    html.range(of: "</style>").map { String(html[start.upperBound..<$0.lowerBound]) }
                })
            let hash = Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString()
            #expect(try await client.get("/").headers[.contentSecurityPolicy]?.contains("'sha256-\(hash)'") == true)
        }
    }

    @Test(
        "signing in sends people only to the site's own pages",
        arguments: [
            ("/counter", "/counter"), ("/\\evil.example/phish", "/counter"), ("//evil.example", "/counter"),
            ("/\t/evil.example", "/counter"), ("https://evil.example", "/counter"), ("/app?whatif=1", "/app?whatif=1"),
        ])
    func redirects(next: String, expected: String) async throws {
        let harness = try await RegistryHarness()
        let key = harness.keys["provider"]!
        try await harness.test { client in
            let signIn = try await client.get(
                "/signin?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? next))
            #expect(!signIn.text.contains("evil"), "the sign-in page does not carry a foreign next")
            let browser = try await Browser.signIn(client.client, key: key, page: "/counter")
            let response = try await browser.post("/signin", [("key", key), ("next", next)])
            #expect(response.headers[.location] == expected, "\(next)")
        }
    }

    @Test("the desk records a fulfilment; a refused change keeps what the clerk typed")
    func deskChanges() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "D1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02"}"#
            )
            let desk = try await Browser.signIn(client.client, key: harness.keys["court"]!, page: "/desk")
            let done = try await desk.post(
                "/desk/changes", [("reference", "D1"), ("change", "fulfilled"), ("date", "2026-01-05")])
            #expect(done.text.contains("Record D1 is now fulfilled as of 5 January 2026."), "\(done.text.prefix(300))")
            let records = try await client.get("/v1/me/records", as: "person")
            #expect((records.object["records"] as? [[String: Any]])?.first?["fulfilled"] as? String == "2026-01-05")
            let refused = try await desk.post(
                "/desk/changes", [("reference", "NO-SUCH-7"), ("change", "retracted"), ("date", "2026-01-06")])
            #expect(refused.text.contains("role=\"alert\""))
            #expect(refused.text.contains(#"value="NO-SUCH-7""#), "the reference typed is kept")
            #expect(refused.text.contains(#"value="2026-01-06""#), "the date typed is kept")
            #expect(refused.text.contains(#"value="retracted" selected"#), "the change chosen is kept")

            let badSubmission = try await desk.post(
                "/desk/records",
                [
                    ("reference", "D9"), ("subject", "11010519491231002X"), ("kind", "court.fine"),
                    ("occurred", "2026-13-01"), ("amount", "250"),
                ])
            #expect(badSubmission.text.contains("role=\"alert\""))
            for kept in [#"value="D9""#, #"value="2026-13-01""#, #"value="250""#, #"value="court.fine" selected"#] {
                #expect(badSubmission.text.contains(kept), "a refused submission keeps \(kept)")
            }
            #expect(!badSubmission.text.contains(#"name="reference" type="text" maxlength="100" required value="D9""#))
        }
    }

    @Test("the citizen applies for repair and a permit; the desk finds records and decides, after a confirmation")
    func pathBackPages() async throws {
        let harness = try await RegistryHarness()
        try await harness.test { client in
            _ = try await client.post(
                "/v1/records", as: "court",
                json: #"""
                    [{"reference": "R1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-01",
                      "fulfilled": "2026-01-05"},
                     {"reference": "P1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02"}]
                    """#)
            let citizen = try await Browser.signIn(client.client, key: harness.keys["person"]!, page: "/app")
            let app = try await citizen.get("/app").text
            #expect(app.contains("R1 — Judgment default (repairable now)"))
            #expect(app.contains(#"<option value="defaulters|rail.ticket""#), "listed on a list with permits")

            let noCommitment = try await citizen.post("/app/repair", [("record", "1"), ("commitment", " ")])
            #expect(noCommitment.text.contains("role=\"alert\"") && noCommitment.text.contains("commitment"))
            let repaired = try await citizen.post(
                "/app/repair", [("record", "1"), ("commitment", "I will pay every judgment on time")])
            #expect(repaired.text.contains("decides by 20 January 2026"), "\(repaired.text.prefix(400))")
            let tooLong = try await citizen.post(
                "/app/permit",
                [
                    ("choice", "defaulters|rail.ticket"), ("purpose", "funeral"),
                    ("explanation", "For the funeral"), ("from", "2026-01-10"), ("to", "2026-01-30"),
                ])
            #expect(tooLong.text.contains("covers at most 7 days"))
            #expect(tooLong.text.contains("For the funeral</textarea>"), "the explanation typed is kept")
            #expect(tooLong.text.contains(#"value="2026-01-30""#), "the window typed is kept")
            let applied = try await citizen.post(
                "/app/permit",
                [
                    ("choice", "defaulters|rail.ticket"), ("purpose", "funeral"),
                    ("explanation", "For the funeral"), ("from", "2026-01-10"), ("to", "2026-01-12"),
                ])
            #expect(applied.text.contains("Your permit application 1 is with Court"))

            let desk = try await Browser.signIn(client.client, key: harness.keys["court"]!, page: "/desk")
            let page = try await desk.get("/desk").text
            #expect(page.contains("I will pay every judgment on time") && page.contains("For the funeral"))
            let unconfirmed = try await desk.post(
                "/desk/repairs/1", [("decision", "refused"), ("reason", "Another judgment is open")])
            #expect(unconfirmed.text.contains("tick that you checked"))
            #expect(unconfirmed.text.contains("Another judgment is open</textarea>"), "the reason typed is kept")
            let reasonless = try await desk.post("/desk/repairs/1", [("decision", "refused"), ("confirm", "yes")])
            #expect(reasonless.text.contains("a refusal gives its reason"))
            let granted = try await desk.post("/desk/repairs/1", [("decision", "granted"), ("confirm", "yes")])
            #expect(granted.text.contains("Repair application 1 granted."))
            let permit = try await desk.post(
                "/desk/permits/1", [("decision", "granted"), ("reason", "Notice seen"), ("confirm", "yes")])
            #expect(permit.text.contains("Permit application 1 granted."))
            let check = try await client.post(
                "/v1/checks", as: "provider",
                json: #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Ticket sale"}"#)
            #expect(check.object["decision"] as? String == "allowed", "the permit is in force today")

            let bySubject = try await desk.get("/desk?find=11010519491231002X").text
            #expect(
                bySubject.contains("<td><strong>R1</strong></td>") && bySubject.contains("<td><strong>P1</strong></td>")
            )
            #expect(bySubject.contains("/desk?reference=P1#record-change"), "an open record offers its fulfilment")
            let byReference = try await desk.get("/desk?find=P1").text
            #expect(
                byReference.contains("<td><strong>P1</strong></td>")
                    && !byReference.contains("<td><strong>R1</strong></td>"))
            #expect(try await desk.get("/desk?find=NOPE").text.contains("None of your records matches"))
            #expect(try await desk.get("/desk?reference=P1").text.contains(#"value="P1""#))

            let after = try await citizen.get("/app").text
            #expect(after.contains("granted on 10 January 2026") && after.contains("in force today"))
        }
    }

    @Test("a form larger than a page sends is refused before it is parsed")
    func formLimit() async throws {
        try await RegistryHarness().test { client in
            let signIn = try await client.get("/signin")
            let token = try #require(csrf(in: signIn.text))
            let pre = try #require(setCookie(signIn, "candor_pre"))
            let huge = "csrf=\(token)&key=" + String(repeating: "a", count: 8 << 20)
            let response = try await client.client.execute(
                uri: "/signin", method: .post,
                headers: [
                    .contentType: "application/x-www-form-urlencoded", .cookie: "candor_pre=\(cookieValue(pre))",
                ],
                body: ByteBuffer(string: huge))
            #expect(response.status == .contentTooLarge, "refused at 64 KiB, before the form is parsed")

            // A form posted from another site is refused before its body is read, valid token or not.
            for crossSite: HTTPFields in [
                [.origin: "https://evil.example"], [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"],
            ] {
                var headers: HTTPFields = [
                    .contentType: "application/x-www-form-urlencoded", .cookie: "candor_pre=\(cookieValue(pre))",
                ]
                headers.append(contentsOf: crossSite)
                let forged = try await client.client.execute(
                    uri: "/signin", method: .post, headers: headers,
                    body: ByteBuffer(string: "csrf=\(token)&key=" + String(repeating: "a", count: 60_000)))
                #expect(forged.status == .forbidden)
            }
        }
    }

    @Test("the session cookie holds a session, not the key; signing out and revoking the key end it")
    func serverSideSessions() async throws {
        let harness = try await RegistryHarness()
        let (key, store) = (harness.keys["provider"]!, harness.store)
        try await harness.test { client in
            let first = try await Browser.signIn(client.client, key: key, page: "/counter")
            let cookie = first.cookie.replacingOccurrences(of: "candor_session=", with: "")
            #expect(!cookie.isEmpty && cookie != key && !key.contains(cookie) && !cookie.contains(key.prefix(12)))
            #expect(try await first.get("/counter").text.contains("Counter check"))
            _ = try await first.post("/signout", [])
            let after = try await first.get("/counter").text
            #expect(after.contains("The counter needs a provider key."), "the old cookie opens nothing")

            let second = try await Browser.signIn(client.client, key: key, page: "/counter")
            #expect(try await second.get("/counter").text.contains("Counter check"))
            _ = try await store.revokeKey(id: String(key.prefix(12)), at: Date())
            #expect(try await second.get("/counter").text.contains("The counter needs a provider key."))
        }
    }
}

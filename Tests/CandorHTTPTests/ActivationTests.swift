import CandorCore
import CandorHTTP
import CandorRegistry
import CandorTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A person's own way in: a one-time code from `candor keys invite`, redeemed at /activate for a session.
@Suite("Activation codes")
struct ActivationTests {
    @Test("a code reads back whatever its case, spaces, hyphens or the letters O, I and L")
    func parsing() throws {
        let made = ActivationCode.make(subject: RegistryHarness.person, at: Date())
        #expect(made.code.count == 29 && made.code.split(separator: "-").count == 6)
        let parsed = try #require(ActivationCode.parse(made.code))
        #expect(parsed.id == made.grant.id && KeyToken.matches(parsed.secret, storedHash: made.secretHash))
        let sloppy = made.code.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(
            of: "0", with: "o"
        )
        .replacingOccurrences(of: "1", with: "l")
        #expect(ActivationCode.parse(sloppy)?.id == made.grant.id)
        #expect(ActivationCode.parse(String(made.code.dropLast())) == nil)
        #expect(KeyToken.parse(made.code) == nil, "a code is never a bearer key")
        #expect(made.grant.expires == made.grant.created.addingTimeInterval(14 * 86_400))
    }

    @Test("a code opens the person's pages once, is in their access log, and fails once used or expired")
    func redeem() async throws {
        let harness = try await RegistryHarness()
        let invited = try await Registry.invite(
            subject: RegistryHarness.person.text, store: harness.store, at: Date(), by: .operator(user: "clerk"))
        try await harness.test { client in
            let wrongKey = try await Browser.anonymous(client.client, page: "/activate")
            let failed = try await wrongKey.post("/activate", [("code", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")])
            #expect(failed.status == .unauthorized && failed.text.contains("was used already or has expired"))
            #expect(failed.text.contains(#"value="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF""#), "the code typed is kept")

            let browser = try await Browser.anonymous(client.client, page: "/activate")
            let redeemed = try await browser.post("/activate", [("code", invited.code.lowercased())])
            #expect(redeemed.status == .seeOther && redeemed.headers[.location] == "/app")
            let session = try #require(
                redeemed.headers[values: .setCookie].first { $0.hasPrefix("candor_session=") })
            let app = try await client.client.execute(
                uri: "/app", method: .get, headers: [.cookie: String(session.split(separator: ";")[0])])
            #expect(app.text.contains(RegistryHarness.person.text), "the person's own file, on this device")

            let again = try await Browser.anonymous(client.client, page: "/activate")
            #expect(try await again.post("/activate", [("code", invited.code)]).status == .unauthorized, "once only")
            let log = try await harness.store.accessLog(subject: RegistryHarness.person, after: 0, limit: 100)
            #expect(log.contains { $0.action == "create activation code \(invited.grant.id)" })
            #expect(log.contains { $0.action == "activate code \(invited.grant.id)" && $0.answer == "session opened" })

            let late = try await Registry.invite(
                subject: RegistryHarness.person.text, store: harness.store, at: Date(), by: .operator(user: "clerk"))
            harness.calendar.advance(by: 15 * 86_400)
            let expired = try await Browser.anonymous(client.client, page: "/activate")
            #expect(try await expired.post("/activate", [("code", late.code)]).status == .unauthorized, "14 days")
        }
    }

    @Test("two redemptions of one code at the same moment open one session")
    func race() async throws {
        let harness = try await RegistryHarness()
        let invited = try await Registry.invite(
            subject: RegistryHarness.person.text, store: harness.store, at: Date(), by: .operator(user: "clerk"))
        let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (try? await harness.service.activate(code: invited.code)) != nil }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(opened == 1)
    }
}

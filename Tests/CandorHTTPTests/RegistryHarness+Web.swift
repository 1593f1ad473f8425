import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

extension RegistryHarness.Client {
    /// A browser signed in to the pages with one role's key: its session cookie and its forms' token.
    struct Browser: Sendable {
        let client: any TestClientProtocol
        let cookie: String
        let csrf: String

        /// Posts a form with the session's token, as the page's own form would.
        func post(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
            let body = ([("csrf", csrf)] + fields).map { name, value in
                name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)
            }.joined(separator: "&")
            return try await client.execute(
                uri: path, method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                body: ByteBuffer(string: body))
        }

        func get(_ path: String) async throws -> TestResponse {
            try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
        }
    }

    /// Signs in to the pages with the key of `role`, then opens `page` to read its forms' token.
    func signIn(as role: String, page: String) async throws -> Browser {
        let signIn = try await client.execute(uri: "/signin", method: .get, headers: [:])
        let pre = try #require(signIn.headers[values: .setCookie].first { $0.hasPrefix("candor_pre=") })
        let preCookie = String(pre.split(separator: ";")[0])
        let anonymous = Browser(client: client, cookie: preCookie, csrf: try #require(Self.csrf(in: signIn.text)))
        let signedIn = try await anonymous.post("/signin", [("key", keys[role]!), ("next", page)])
        let session = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("candor_session=") })
        let cookie = String(session.split(separator: ";")[0])
        let opened = try await client.execute(uri: page, method: .get, headers: [.cookie: cookie])
        return Browser(client: client, cookie: cookie, csrf: try #require(Self.csrf(in: opened.text)))
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

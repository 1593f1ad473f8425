import Foundation
import Hummingbird
import HummingbirdTesting

/// A browser signed in to Candor's pages, for tests: its session cookie and its forms' anti-forgery token.
public struct Browser: Sendable {
    public let client: any TestClientProtocol
    public let cookie: String
    public let csrf: String

    /// Why signing in did not give a session.
    public struct SignInFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Signs in with `key` as the sign-in form would, then opens `page` to read its forms' token.
    public static func signIn(_ client: any TestClientProtocol, key: String, page: String) async throws -> Browser {
        let signIn = try await client.execute(uri: "/signin", method: .get, headers: [:])
        guard let pre = signIn.headers[values: .setCookie].first(where: { $0.hasPrefix("candor_pre=") }),
            let preToken = csrf(in: String(buffer: signIn.body))
        else { throw SignInFailed(description: "the sign-in page set no pre-session cookie or token") }
        let anonymous = Browser(client: client, cookie: String(pre.split(separator: ";")[0]), csrf: preToken)
        let signedIn = try await anonymous.post("/signin", [("key", key), ("next", page)])
        guard let session = signedIn.headers[values: .setCookie].first(where: { $0.hasPrefix("candor_session=") })
        else { throw SignInFailed(description: "signing in answered \(signedIn.status) with no session cookie") }
        let cookie = String(session.split(separator: ";")[0])
        let opened = try await client.execute(uri: page, method: .get, headers: [.cookie: cookie])
        guard let token = csrf(in: String(buffer: opened.body)) else {
            throw SignInFailed(description: "\(page) has no form token")
        }
        return Browser(client: client, cookie: cookie, csrf: token)
    }

    /// A browser that is not signed in, holding the pre-session cookie and token `page` gives it.
    public static func anonymous(_ client: any TestClientProtocol, page: String) async throws -> Browser {
        let opened = try await client.execute(uri: page, method: .get, headers: [:])
        guard let pre = opened.headers[values: .setCookie].first(where: { $0.hasPrefix("candor_pre=") }),
            let token = csrf(in: String(buffer: opened.body))
        else { throw SignInFailed(description: "\(page) set no pre-session cookie or token") }
        return Browser(client: client, cookie: String(pre.split(separator: ";")[0]), csrf: token)
    }

    /// The anti-forgery token of the first form of a page.
    public static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Posts a form with the session's token, as the page's own form would.
    public func post(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = ([("csrf", csrf)] + fields).map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)
        }.joined(separator: "&")
        return try await client.execute(
            uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
            body: ByteBuffer(string: body))
    }

    public func get(_ path: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
    }

    /// The error message a page shows, if any, with its HTML escapes undone.
    public static func pageError(_ html: String) -> String? {
        guard let range = html.range(of: #"class="error" role="alert""#),
            let close = html[range.upperBound...].firstIndex(of: ">")
        else { return nil }
        return String(html[html.index(after: close)...].prefix { $0 != "<" })
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

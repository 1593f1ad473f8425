import CandorCore
import CandorRegistry
import Crypto
import Foundation
import Hummingbird

/// Who is signed in to the web pages, and the anti-forgery token their forms carry.
///
/// Signing in exchanges the key for a server-side session (`Registry.signIn`): the Secure, HttpOnly,
/// SameSite=Strict cookie holds only the session's random token, never the key. Every form carries a
/// token that is an HMAC of that cookie (or, before sign-in, of a random pre-session cookie), so a page on
/// another site cannot post a form in the user's name.
struct WebSession: Sendable {
    static let sessionCookie = "candor_session"
    static let preSessionCookie = "candor_pre"

    /// The signed-in key, if any.
    var grant: KeyGrant?
    /// The value the anti-forgery token is bound to.
    var binding: String
    /// A pre-session cookie to set on the response, when the browser had none.
    var newPreSession: String?

    /// Reads the session from the request's cookies.
    static func read(_ request: Request, registry: Registry) async throws -> WebSession {
        if let token = request.cookies[sessionCookie]?.value, let grant = try await registry.session(token) {
            return WebSession(grant: grant, binding: token, newPreSession: nil)
        }
        if let pre = request.cookies[preSessionCookie]?.value, pre.count >= 32 {
            return WebSession(grant: nil, binding: pre, newPreSession: nil)
        }
        var generator = SystemRandomNumberGenerator()
        let pre = Data((0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64URLEncoded
        return WebSession(grant: nil, binding: pre, newPreSession: pre)
    }

    /// The anti-forgery token for this session's forms.
    func csrf(secret: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(binding.utf8), using: secret).hex
    }

    /// Whether a posted token is this session's, compared in constant time.
    func accepts(_ token: String?, secret: SymmetricKey) -> Bool {
        guard let token else { return false }
        return constantTimeEquals(csrf(secret: secret).utf8, token.utf8)
    }

    static func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: true, httpOnly: true, sameSite: .strict)
    }
}

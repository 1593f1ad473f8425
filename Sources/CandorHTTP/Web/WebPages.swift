import CandorCore
import CandorRegistry
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The pages people use, rendered on the server from Mustache templates: plain HTML forms that work
/// without JavaScript.
struct WebPages: Sendable {
    let service: Registry
    let library: MustacheLibrary
    /// The secret that binds web forms to their session; new for every process.
    let formSecret = SymmetricKey(size: .bits256)
    /// The pages' one stylesheet, inline in every page's head: the Content-Security-Policy names its hash.
    let stylesheet: String

    init(service: Registry) {
        self.service = service
        var library = MustacheLibrary()
        var stylesheet = ""
        for name in [
            "head", "foot", "home", "policy", "statistics", "agencies", "signin", "app", "counter", "desk", "review",
            "simulate",
        ] {
            guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "templates"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { preconditionFailure("the template \(name).mustache is missing from the CandorHTTP bundle") }
            if name == "head", let start = text.range(of: "<style>"), let end = text.range(of: "</style>") {
                stylesheet = String(text[start.upperBound..<end.lowerBound])
            }
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("the template \(name).mustache does not parse: \(error)")
            }
        }
        self.library = library
        self.stylesheet = stylesheet
    }

    /// `next` when it is a path of this site (a slash, then letters, digits and `/._-?=&%`, never a second
    /// slash or a backslash first), else `nil`: a sign-in never sends anyone elsewhere.
    static func localPath(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), next.count <= 200 else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-?=&%")
        guard next.allSatisfy(allowed.contains), !next.hasPrefix("//") else { return nil }
        return next
    }

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.get("/") { request, _ in try await render("home", "Home", request) { _ in homeContext() } }
        router.get("/policy") { request, _ in try await render("policy", "Policy", request) { _ in policyContext() } }
        router.get("/statistics") { request, _ in
            let document = try await service.statisticsDocument()
            let counts = try await service.recordCounts()
            return try await render("statistics", "Statistics", request) { _ in statisticsContext(document, counts) }
        }
        router.get("/agencies") { request, _ in
            let board = try await service.agencyBoard()
            let sort = request.uri.queryParameters["sort"].map(String.init) ?? "recordsSubmitted"
            return try await render("agencies", "Agency board", request) { _ in boardContext(board, sort: sort) }
        }
        router.get("/signin") { request, _ in
            let next = Self.localPath(request.uri.queryParameters["next"].map(String.init)) ?? "/app"
            return try await signInPage(request, next: next, error: nil, status: .ok)
        }
        router.post("/signin", use: signIn)
        router.post("/signout", use: signOut)
        addCitizenRoutes(to: router)
        addCounterRoutes(to: router)
        addDeskRoutes(to: router)
        addReviewRoutes(to: router)
        addAuditRoutes(to: router)
    }

    // MARK: rendering

    /// Renders a page with the layout's context, the session's anti-forgery token, and `extra`.
    func render(
        _ template: String, _ title: String, _ request: Request, status: HTTPResponse.Status = .ok,
        session: WebSession? = nil, _ extra: (WebSession) async throws -> [String: Any]
    ) async throws -> Response {
        let current: WebSession
        if let session { current = session } else { current = try await WebSession.read(request, registry: service) }
        let session = current
        var context: [String: Any] = [
            "title": title, "policyID": service.policy.id, "policyVersion": service.policy.version,
            "policySHA": service.policy.sha256, "csrf": session.csrf(secret: formSecret),
        ]
        if let grant = session.grant {
            context["session"] = ["role": grant.role.rawValue, "csrf": session.csrf(secret: formSecret)]
        }
        for (key, value) in try await extra(session) { context[key] = value }
        guard let html = library.render(context, withTemplate: template) else {
            throw APIError(.internalServerError, "template", "the page \(template) could not be rendered")
        }
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
        if let pre = session.newPreSession { response.setCookie(WebSession.cookie(WebSession.preSessionCookie, pre)) }
        return response
    }

    /// A redirect after a form, so reloading the page does not post it again.
    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// The most a page's form may send, in bytes: refused with 413 before it is parsed. The proposed
    /// policy of the simulation page may be larger (`policyFormLimit`).
    static let formLimit = 64 << 10
    static let fetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let policyFormLimit = 1 << 20

    /// The form of a POST, once its anti-forgery token checks out; a body over `limit` is refused unread.
    func form(_ request: Request, _ session: WebSession, limit: Int = Self.formLimit) async throws -> FormBody {
        // A browser says where a form comes from: one from another site is refused before its body is read.
        let origin = request.headers[.origin].flatMap { URL(string: $0)?.host }
        let host = request.head.authority.map { String($0.split(separator: ":").first ?? "") }
        if request.headers[values: Self.fetchSite].contains("cross-site") || (origin != nil && origin != host) {
            throw APIError.forbidden("the form came from another site; open the page on this site and try again")
        }
        var request = request
        let bytes = try await request.bytes(limit: min(limit, service.limits.maxBodyBytes))
        let form = FormBody(String(buffer: bytes))
        guard session.accepts(form["csrf"], secret: formSecret) else {
            throw APIError.forbidden("the form has expired or came from another site; reload the page and try again")
        }
        return form
    }

    /// The signed-in key when it has `role`; otherwise the sign-in page, explaining which key is needed.
    func requireSession(_ request: Request, role: Role, purpose: String) async throws -> (WebSession, Response?) {
        let session = try await WebSession.read(request, registry: service)
        guard let grant = session.grant, grant.role == role else {
            let message = session.grant.map { "You are signed in with a \($0.role.rawValue) key; \(purpose)" }
            return (
                session,
                try await signInPage(request, next: request.uri.path, error: message, status: .ok, purpose: purpose)
            )
        }
        return (session, nil)
    }

    // MARK: signing in and out

    func signInPage(
        _ request: Request, next: String, error: String?, status: HTTPResponse.Status,
        purpose: String = "Sign in with the key you were given."
    ) async throws -> Response {
        try await render("signin", "Sign in", request, status: status) { _ in
            var context: [String: Any] = ["next": Self.localPath(next) ?? "/app", "purpose": purpose]
            if let error { context["error"] = error }
            return context
        }
    }

    @Sendable func signIn(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let session = try await WebSession.read(request, registry: service)
        let form = try await form(request, session)
        let next = Self.localPath(form.value("next")) ?? "/app"
        guard let key = form.value("key"), let (token, grant) = try? await service.signIn(key: key) else {
            return try await signInPage(
                request, next: next, error: "That key is not valid here.", status: .unauthorized)
        }
        let defaults: [Role: String] = [
            .subject: "/app", .provider: "/counter", .agency: "/desk", .auditor: "/simulate",
        ]
        var response = redirect(next == "/app" ? defaults[grant.role] ?? "/" : next)
        response.setCookie(WebSession.cookie(WebSession.sessionCookie, token))
        return response
    }

    @Sendable func signOut(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let session = try await WebSession.read(request, registry: service)
        _ = try await form(request, session)
        if session.grant != nil { try await service.signOut(session.binding) }
        var response = redirect("/")
        response.setCookie(WebSession.cookie(WebSession.sessionCookie, "", maxAge: 0))
        return response
    }
}

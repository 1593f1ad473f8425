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
    /// The policy in force in each language, made once rather than for every page.
    let policies: [Language: Policy]

    init(service: Registry) {
        self.service = service
        var library = MustacheLibrary()
        var stylesheet = ""
        for name in [
            "head", "foot", "home", "policy", "statistics", "agencies", "signin", "app", "counter", "desk", "review",
            "simulate", "verify", "activate", "audit",
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
        policies = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, service.policy.localized($0)) })
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
        router.get("/") { request, _ in
            try await render("home", "Home", request) { _ in homeContext(reader(request)) }
        }
        router.get("/policy") { request, _ in
            try await render("policy", "Policy", request) { _ in policyContext(reader(request)) }
        }
        router.get("/statistics") { request, _ in
            let document = try await service.statisticsDocument()
            let counts = try await service.recordCounts()
            return try await render("statistics", "Statistics", request) { _ in
                statisticsContext(document, counts, reader(request))
            }
        }
        router.get("/agencies") { request, _ in
            let board = try await service.agencyBoard()
            let sort = request.uri.queryParameters["sort"].map(String.init) ?? "recordsSubmitted"
            return try await render("agencies", "Agency board", request) { _ in
                boardContext(board, sort: sort, reader(request))
            }
        }
        router.get("/signin") { request, _ in
            let next = Self.localPath(request.uri.queryParameters["next"].map(String.init)) ?? "/app"
            return try await signInPage(request, next: next, error: nil, status: .ok)
        }
        router.post("/signin", use: signIn)
        router.post("/signout", use: signOut)
        router.get("/activate") { request, _ in
            try await render("activate", "Activate", request) { _ in ["typedCode": ""] }
        }
        router.post("/activate", use: activate)
        addCitizenRoutes(to: router)
        addCounterRoutes(to: router)
        addDeskRoutes(to: router)
        addReviewRoutes(to: router)
        addAuditRoutes(to: router)
        addAttestationRoutes(to: router)
        addAuditorRoutes(to: router)
    }

    // MARK: rendering

    /// Who reads the page: language, the policy in it, dates and times.
    func reader(_ request: Request) -> Reader { Reader(request, policies: policies) }

    /// The language switch: a link to this page in each other language.
    /// After a form, the switch leads to the page's own address (`page`), not to the form's.
    func languageLinks(_ request: Request, page: String, current: Language) -> [[String: Any]] {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#")
        var query: [String] = []
        if request.method == .get {
            // A `next` that is not this site's own path is dropped, as the sign-in page drops it.
            // A look-up's purpose is not carried: switching language must not read a file again.
            query = request.uri.queryParameters.filter {
                $0.key != "lang" && $0.key != "purpose"
                    && ($0.key != "next" || Self.localPath(String($0.value)) != nil)
            }.map {
                "\($0.key)=" + (String($0.value).addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
            }
            query.sort()
        }
        // A path the router accepts with doubled slashes would make a link to another host: use the page's own.
        let path = request.method == .get && !request.uri.path.hasPrefix("//") ? request.uri.path : page
        return Language.allCases.map { language in
            [
                "tag": language.tag, "name": language.ownName, "current": language == current,
                "href": path + "?" + (query + ["lang=\(language.rawValue)"]).joined(separator: "&"),
            ]
        }
    }

    /// The address of each page, where a language switch after a form leads.
    static let pagePaths = [
        "home": "/", "policy": "/policy", "statistics": "/statistics", "agencies": "/agencies", "signin": "/signin",
        "app": "/app", "counter": "/counter", "desk": "/desk", "review": "/review", "simulate": "/simulate",
        "verify": "/verify", "activate": "/activate", "audit": "/audit",
    ]

    /// Renders a page with the layout's context, the session's anti-forgery token, and `extra`.
    func render(
        _ template: String, _ title: String, _ request: Request, status: HTTPResponse.Status = .ok,
        session: WebSession? = nil, _ extra: (WebSession) async throws -> [String: Any]
    ) async throws -> Response {
        let current: WebSession
        if let session { current = session } else { current = try await WebSession.read(request, registry: service) }
        let session = current
        let reader = reader(request)
        let language = reader.language
        var context: [String: Any] = [
            "title": reader.say(title), "policyID": service.policy.id, "policyVersion": service.policy.version,
            "policySHA": service.policy.sha256, "csrf": session.csrf(secret: formSecret),
            "langTag": language.tag,
            "languages": languageLinks(request, page: Self.pagePaths[template] ?? "/", current: language),
            "timeZone": service.policy.timeZone.identifier,
            "t": MustacheLambda { (text: String) in language.template(text) },
        ]
        if let grant = session.grant {
            context["session"] = [
                "roleTitle": reader.say(grant.role.rawValue), "csrf": session.csrf(secret: formSecret),
            ]
        }
        for (key, value) in try await extra(session) { context[key] = value }
        guard let html = library.render(context, withTemplate: template) else {
            throw APIError(.internalServerError, "template", "the page \(template) could not be rendered")
        }
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .contentLanguage: language.tag],
            body: .init(byteBuffer: ByteBuffer(string: html)))
        if let pre = session.newPreSession { response.setCookie(WebSession.cookie(WebSession.preSessionCookie, pre)) }
        if let choice = reader.rememberedChoice { response.setCookie(choice) }
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
            let reader = reader(request)
            let message = session.grant.map {
                reader.say(
                    "You are signed in with {{role}}; {{purpose}}",
                    ["role": reader.say($0.role.key), "purpose": reader.say(purpose)])
            }
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
            var context: [String: Any] = [
                "next": Self.localPath(next) ?? "/app", "purpose": reader(request).say(purpose),
            ]
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
                request, next: next, error: reader(request).say("That key is not valid here."), status: .unauthorized)
        }
        let defaults: [Role: String] = [
            .subject: "/app", .provider: "/counter", .agency: "/desk", .auditor: "/audit",
        ]
        var response = redirect(next == "/app" ? defaults[grant.role] ?? "/" : next)
        response.setCookie(WebSession.cookie(WebSession.sessionCookie, token))
        return response
    }

    /// Redeems an activation code: the session cookie is set as signing in would, and the person's app opens.
    @Sendable func activate(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let session = try await WebSession.read(request, registry: service)
        let form = try await form(request, session)
        do {
            let (token, _) = try await service.activate(code: form.value("code") ?? "")
            var response = redirect("/app")
            response.setCookie(WebSession.cookie(WebSession.sessionCookie, token))
            return response
        } catch let error as RegistryError {
            if case .rateLimited = error { throw error }
            let message = reader(request).say(error.words)
            return try await render("activate", "Activate", request, status: .unauthorized) { _ in
                ["error": message, "typedCode": form.value("code") ?? ""]
            }
        }
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

import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Headers every answer carries: no sniffing, no referrer, no framing, a Content-Security-Policy that
/// allows no script at all and only the pages' own stylesheet, and `Cache-Control: no-store`, so neither
/// a shared cache nor the browser's history keeps a rating, a check or a key's page.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = CandorRequestContext

    /// The policy: nothing by default; the one inline stylesheet by its hash; images inline; forms and
    /// frames only to and from the site itself.
    let contentSecurityPolicy: String

    init(stylesheet: String) {
        let hash = Data(SHA256.hash(data: Data(stylesheet.utf8))).base64EncodedString()
        contentSecurityPolicy =
            "default-src 'none'; style-src 'sha256-\(hash)'; img-src 'self' data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
}

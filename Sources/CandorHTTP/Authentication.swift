import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// Reads `Authorization: Bearer KEY`, and puts the key's grant in the context when the key is known,
/// unrevoked and its secret matches (compared in constant time). A bad key is refused at once with 401;
/// no key leaves the caller empty, for public routes, which are limited per client address.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = CandorRequestContext
    let keys: KeyCache
    let limiter: RateLimiter
    /// Requests without a key, per client address.
    let addressLimiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else {
            let address = context.remoteAddress?.ipAddress ?? "unknown"
            if let wait = addressLimiter.take("address " + address) {
                throw APIError.tooManyRequests(retryAfter: wait, why: "too many requests from this address")
            }
            return try await next(request, context)
        }
        let grant: KeyGrant
        switch header.hasPrefix("Bearer ") ? try await keys.check(token: String(header.dropFirst(7))) : .malformed {
        case let .granted(found): grant = found
        case .malformed:
            throw APIError(.unauthorized, "malformed-key", "the Authorization header must be `Bearer ID.SECRET`")
        case .unknown: throw APIError(.unauthorized, "unknown-key", "the key is not known to this registry")
        case .revoked:
            throw APIError(.unauthorized, "revoked-key", "the key was revoked; ask the registry for a new one")
        case .expired:
            throw APIError(.unauthorized, "expired-key", "the key has expired; ask the registry for a new one")
        }
        // Checks are limited where the subject is known, so each refused attempt can be logged on it.
        if !(request.method == .post && request.uri.path == "/v1/checks"),
            let wait = limiter.take(grant.id)
        {
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        var context = context
        context.caller = grant
        return try await next(request, context)
    }
}

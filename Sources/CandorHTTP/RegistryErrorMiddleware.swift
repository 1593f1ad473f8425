import CandorCore
import CandorRegistry
import Hummingbird

extension APIError {
    /// The HTTP form of the registry's refusals: the one place a `RegistryError` gets a status.
    init(_ error: RegistryError) {
        switch error {
        case let .invalid(code, field, _):
            self.init(.badRequest, code, error.words)
            self.field = field
        case .unauthenticated: self = .unauthenticated
        case let .forbidden(message): self = .forbidden(message)
        case let .notFound(message, field):
            self = .notFound(message)
            self.field = field
        case let .conflict(code, message, field):
            self.init(.conflict, code, message)
            self.field = field
        case let .tooLarge(code, message): self.init(.contentTooLarge, code, message)
        case let .rateLimited(seconds): self = .tooManyRequests(retryAfter: seconds)
        }
    }
}

extension APIError {
    /// The answer when the store's database cannot be reached (`StoreOutage`): 503 with Retry-After. A
    /// change in flight may or may not have been committed, so the client sends the same request again —
    /// safe, because a submission is idempotent on (agency, reference).
    static let unavailable: APIError = {
        var error = APIError(
            .serviceUnavailable, "unavailable",
            "the registry's database cannot be reached just now (a failover, most likely); whether this request "
                + "took effect is unknown: send the same request again in a moment — a record submitted twice "
                + "is stored once")
        error.retryAfter = 1
        return error
    }()
}

/// Answers a `RegistryError` thrown by a route as its `APIError`, and an outage of the store
/// (`StoreOutage`) as `APIError.unavailable` wherever it arose: in a route, or in authentication reading a
/// key.
struct RegistryErrorMiddleware: RouterMiddleware {
    typealias Context = CandorRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as RegistryError {
            throw APIError(error)
        } catch let error as any StoreOutage where error.isOutage {
            throw APIError.unavailable
        }
    }
}

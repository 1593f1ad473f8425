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
        case let .notFound(message): self = .notFound(message)
        case let .conflict(code, message): self.init(.conflict, code, message)
        case let .tooLarge(code, message): self.init(.contentTooLarge, code, message)
        case let .rateLimited(seconds): self = .tooManyRequests(retryAfter: seconds)
        }
    }
}

/// Answers a `RegistryError` thrown by a route as its `APIError`.
struct RegistryErrorMiddleware: RouterMiddleware {
    typealias Context = CandorRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as RegistryError {
            throw APIError(error)
        }
    }
}

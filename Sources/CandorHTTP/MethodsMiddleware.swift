import HTTPTypes
import Hummingbird

/// The paths the router serves and the methods of each: what a request that matched no route is told.
final class RouteTable: @unchecked Sendable {
    private(set) var routes: [(segments: [Substring], methods: Set<HTTPRequest.Method>)] = []

    /// Takes the router's routes once they are all added.
    func fill(from router: Router<CandorRequestContext>) {
        var byPath: [String: Set<HTTPRequest.Method>] = [:]
        for route in router.routes { byPath[route.path.description, default: []].insert(route.method) }
        for (path, methods) in byPath {
            var all = methods
            if all.contains(.get) { all.insert(.head) }
            routes.append((path.split(separator: "/"), all))
        }
    }

    /// The methods served at `path`; empty when no route has that path.
    func methods(at path: String) -> Set<HTTPRequest.Method> {
        let segments = path.split(separator: "/")
        var found: Set<HTTPRequest.Method> = []
        for route in routes where route.segments.count == segments.count {
            let matches = zip(route.segments, segments).allSatisfy { template, segment in
                (template.hasPrefix("{") && template.hasSuffix("}")) || template == segment
            }
            if matches { found.formUnion(route.methods) }
        }
        return found
    }
}

/// Answers a request that matched no route: 405 with `Allow` when the path is served with other methods,
/// and under `/v1` a 404 with a JSON error body like every other refusal of the API.
struct MethodsMiddleware: RouterMiddleware {
    typealias Context = CandorRequestContext
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = table.methods(at: request.uri.path)
            if !allowed.isEmpty && !allowed.contains(request.method) {
                let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
                var refusal = APIError(
                    .methodNotAllowed, "method-not-allowed",
                    "\(request.uri.path) answers \(allow), not \(request.method.rawValue)")
                refusal.allow = allow
                throw refusal
            }
            if request.uri.path == "/v1" || request.uri.path.hasPrefix("/v1/") {
                throw APIError.notFound("no such route: \(request.uri.path); the routes are described at /openapi.yaml")
            }
            throw error
        }
    }
}

import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// What an auditor key may do: read any subject's file — logged like every other access — and the
/// access log. A subject key may read its own file here too; every other key is refused, and the
/// attempt is logged on the file it aimed at.
struct AuditorController {
    let service: Registry

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.get("/v1/subjects/{id}", use: file)
        router.get("/v1/access-log", use: accessLog)
    }

    @Sendable func file(_ request: Request, context: CandorRequestContext) async throws -> Response {
        guard let caller = context.caller else { throw APIError.unauthenticated }
        let purpose = request.uri.queryParameters["purpose"].map(String.init)
        let read = try await service.file(try context.parameters.require("id"), purpose: purpose, by: .key(caller))
        struct FileView: Encodable {
            var rating: RatingExplanation
            var records: [Record]
            var disputes: [Dispute]
        }
        return try jsonResponse(
            FileView(
                rating: read.explanation(policy: service.policy),
                records: read.file.records, disputes: read.file.disputes))
    }

    @Sendable func accessLog(_ request: Request, context: CandorRequestContext) async throws -> Response {
        guard let caller = context.caller else { throw APIError.unauthenticated }
        guard caller.role == .auditor else { throw APIError.forbidden("the whole access log needs an auditor key") }
        return try await SubjectController.accessLog(request, caller: .key(caller), service: service)
    }
}

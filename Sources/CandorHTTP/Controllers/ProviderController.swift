import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// What a provider key may do: check the actions its key allows, for a stated purpose, and learn the
/// decision and its reasons — never the score or the file.
struct ProviderController {
    let service: Registry

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.post("/v1/checks", use: check)
    }

    struct Body: Decodable {
        var subject: String
        var action: String
        var purpose: String
    }

    struct Answer: Encodable {
        var decision: String
        var reasons: [CheckDocument.Reason]
        var checkedAt: Date
        var policy: PolicyReference
    }

    @Sendable func check(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let caller = try context.keyCaller()
        var request = request
        let body = try await request.decode(Body.self, limit: service.limits.maxBodyBytes)
        let decision = try await service.check(
            body.subject, action: body.action, purpose: body.purpose, by: caller)
        let document = CheckDocument(decision)
        return try jsonResponse(
            Answer(
                decision: document.decision, reasons: document.reasons, checkedAt: service.clock(),
                policy: document.policy))
    }
}

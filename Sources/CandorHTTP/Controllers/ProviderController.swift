import CandorCore
import Foundation
import Hummingbird

/// What a provider key may do: check the actions its key allows, for a stated purpose, and learn the
/// decision and its reasons — never the score or the file.
struct ProviderController {
    let service: RegistryService

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
        let grant = try context.require(.provider)
        var request = request
        let body = try await request.decode(Body.self, limit: service.limits.maxBodyBytes)
        let subject: SubjectID
        do {
            subject = try SubjectID(body.subject)
        } catch {
            throw APIError.badRequest("invalid-subject", error.description)
        }
        let policy = service.policy
        guard
            policy.actions.contains(where: { $0.id == body.action })
                || policy.privileges.contains(where: { $0.id == body.action })
        else {
            let known = policy.actions.map(\.id) + policy.privileges.map(\.id)
            throw APIError.badRequest("unknown-action", CheckError.unknownAction(body.action, known: known).description)
        }
        let purpose = body.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !purpose.isEmpty else {
            throw APIError.badRequest("purpose-required", "state the purpose of the check in 'purpose'")
        }
        let accessor = Accessor(actor: grant.actor, purpose: purpose)
        let now = service.clock()
        if let wait = await service.rateLimiter.take(grant.id) {
            try await service.store.log(
                [(subject, AccessNote(accessor, action: "check \(body.action)", answer: "refused: rate limit"))],
                at: now)
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        guard grant.actions.contains(body.action) else {
            try await service.store.log(
                [
                    (
                        subject,
                        AccessNote(accessor, action: "check \(body.action)", answer: "refused: outside the key's scope")
                    )
                ],
                at: now)
            throw APIError.forbidden(
                "this key may check \(grant.actions.joined(separator: ", ")); not '\(body.action)'")
        }
        let decision = try await service.check(subject, action: body.action, accessor: accessor, at: now)
        let document = CheckDocument(decision)
        return try jsonResponse(
            Answer(decision: document.decision, reasons: document.reasons, checkedAt: now, policy: document.policy))
    }
}

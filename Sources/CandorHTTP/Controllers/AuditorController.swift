import CandorCore
import Foundation
import Hummingbird

/// What an auditor key may do: read any subject's file — logged like every other access — and the
/// access log. A subject key may read its own file here too; every other key is refused, and the
/// attempt is logged on the file it aimed at.
struct AuditorController {
    let service: RegistryService

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.get("/v1/subjects/{id}", use: file)
        router.get("/v1/access-log", use: accessLog)
    }

    @Sendable func file(_ request: Request, context: CandorRequestContext) async throws -> Response {
        guard let caller = context.caller else { throw APIError.unauthenticated }
        let subject: SubjectID
        do {
            subject = try SubjectID(try context.parameters.require("id"))
        } catch let error as IdentifierError {
            throw APIError.badRequest("invalid-subject", error.description)
        }
        let purpose = request.uri.queryParameters["purpose"].map(String.init) ?? "audit"
        let accessor = Accessor(actor: caller.actor, purpose: purpose)
        guard caller.role == .auditor || (caller.role == .subject && caller.subject == subject) else {
            try await service.store.log(
                [(subject, AccessNote(accessor, action: "read file", answer: "refused: \(caller.role.rawValue) key"))],
                at: service.clock())
            throw APIError.forbidden("only an auditor key, or the subject's own key, may read a subject's file")
        }
        struct FileView: Encodable {
            var rating: RatingExplanation
            var records: [Record]
            var disputes: [Dispute]
        }
        let engine = service.engine
        let policy = service.policy
        let day = service.today()
        let name = try await service.store.name(of: subject)
        let view = try await service.store.access(subject, at: service.clock()) { file in
            let rating = engine.rate(subject, records: file.records, disputes: file.disputes, asOf: day)
            return (
                FileView(
                    rating: RatingExplanation(rating, name: name, policy: policy), records: file.records,
                    disputes: file.disputes),
                AccessNote(accessor, action: "read file", answer: "shown")
            )
        }
        return try jsonResponse(view)
    }

    @Sendable func accessLog(_ request: Request, context: CandorRequestContext) async throws -> Response {
        _ = try context.require(.auditor)
        var subject: SubjectID?
        if let text = request.uri.queryParameters["subject"] {
            do {
                subject = try SubjectID(String(text))
            } catch {
                throw APIError.badRequest("invalid-subject", error.description)
            }
        }
        let after = request.uri.queryParameters["after"].flatMap { Int64(String($0)) } ?? 0
        let limit = min(request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 100, 1000)
        let entries = try await service.store.accessLog(subject: subject, after: after, limit: max(limit, 1))
        return try jsonResponse(["entries": entries.map(AccessEntryView.init)])
    }
}

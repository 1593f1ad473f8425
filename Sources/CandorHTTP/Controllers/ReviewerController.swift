import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// What a reviewer key may do: read the appeals awaiting a decision and decide them, with a reason.
struct ReviewerController {
    let service: Registry

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.get("/v1/appeals") { _, context in
            let grant = try context.require(.reviewer)
            struct AppealItem: Encodable {
                var subject: String
                var kind: String
                var dispute: DisputeDocument
            }
            let appeals = try await service.openAppeals(by: .key(grant)).map { dispute, record in
                AppealItem(
                    subject: record.subject.text, kind: record.kind,
                    dispute: DisputeDocument(dispute, record: record, policy: service.policy))
            }
            return try jsonResponse(["appeals": appeals])
        }
        router.post("/v1/appeals/{id}/decision") { request, context in
            let grant = try context.require(.reviewer)
            guard let id = Int64(try context.parameters.require("id")) else {
                throw RegistryError.notFound("there is no such appeal")
            }
            struct Body: Decodable { var decision: Dispute.AppealDecision; var reason: String? }
            var request = request
            let body = try await request.decode(Body.self, limit: SubjectController.smallBody)
            let (decided, record) = try await service.decideAppeal(
                id, decision: body.decision, reason: body.reason ?? "", by: .key(grant))
            return try jsonResponse(DisputeDocument(decided, record: record, policy: service.policy))
        }
    }
}

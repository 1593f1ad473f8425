import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// The path back (SPEC §6): a subject applies to repair a fulfilled record or for a permit while listed, and
/// sees each application's state; the agency behind the record or listing lists and decides them.
struct PathBackController {
    let service: Registry

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.post("/v1/me/repairs", use: applyForRepair)
        router.get("/v1/me/repairs") { _, context in
            let (policy, today) = (service.policy, service.today())
            let repairs = try await service.repairs(by: context.keyCaller()).map {
                RepairDocument($0.repair, record: $0.record, policy: policy, today: today)
            }
            return try jsonResponse(["repairs": repairs])
        }
        router.get("/v1/repairs") { _, context in
            let (policy, today) = (service.policy, service.today())
            let repairs = try await service.openRepairs(by: .key(context.require(.agency))).map {
                RepairDocument($0.repair, record: $0.record, policy: policy, today: today, statement: $0.statement)
            }
            return try jsonResponse(["repairs": repairs])
        }
        router.post("/v1/repairs/{id}/decision") { request, context in
            let grant = try context.require(.agency)
            let body = try await Self.decision(Repair.Decision.self, of: request)
            guard let id = Int64(try context.parameters.require("id")) else {
                throw APIError.notFound("there is no such repair application")
            }
            let (repair, record) = try await service.decideRepair(
                id, decision: body.decision, reason: body.reason, by: .key(grant))
            return try jsonResponse(
                RepairDocument(repair, record: record, policy: service.policy, today: service.today()))
        }
        router.post("/v1/me/permits", use: applyForPermit)
        router.get("/v1/me/permits") { _, context in
            let permits = try await service.permits(by: context.keyCaller()).map {
                PermitDocument($0, policy: service.policy)
            }
            return try jsonResponse(["permits": permits])
        }
        router.get("/v1/permits") { _, context in
            let permits = try await service.openPermits(by: .key(context.require(.agency))).map {
                PermitDocument($0, policy: service.policy)
            }
            return try jsonResponse(["permits": permits])
        }
        router.post("/v1/permits/{id}/decision") { request, context in
            let grant = try context.require(.agency)
            let body = try await Self.decision(Permit.Decision.self, of: request)
            guard let id = Int64(try context.parameters.require("id")) else {
                throw APIError.notFound("there is no such permit application")
            }
            let permit = try await service.decidePermit(
                id, decision: body.decision, reason: body.reason, by: .key(grant))
            return try jsonResponse(PermitDocument(permit, policy: service.policy))
        }
    }

    /// An agency's decision: `{decision, reason}`.
    struct DecisionBody<Decision: Decodable>: Decodable {
        var decision: Decision
        var reason: String?
    }

    static func decision<Decision: Decodable>(_ type: Decision.Type, of request: Request) async throws
        -> DecisionBody<Decision>
    {
        var request = request
        return try await request.decode(DecisionBody<Decision>.self, limit: SubjectController.smallBody)
    }

    @Sendable func applyForRepair(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let caller = try context.keyCaller()
        struct Body: Decodable { var record: Int64; var commitment: String? }
        var request = request
        let body = try await request.decode(Body.self, limit: SubjectController.smallBody)
        let (repair, record) = try await service.applyForRepair(
            record: body.record, commitment: body.commitment ?? "", by: caller)
        return try jsonResponse(
            RepairDocument(repair, record: record, policy: service.policy, today: service.today()), status: .created)
    }

    @Sendable func applyForPermit(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let caller = try context.keyCaller()
        struct Body: Decodable {
            var list: String; var action: String; var purpose: Permit.Purpose; var explanation: String?
            var from: Day; var to: Day
        }
        var request = request
        let body = try await request.decode(Body.self, limit: SubjectController.smallBody)
        let permit = try await service.applyForPermit(
            Registry.PermitRequest(
                list: body.list, action: body.action, purpose: body.purpose, explanation: body.explanation ?? "",
                from: body.from, to: body.to), by: caller)
        return try jsonResponse(PermitDocument(permit, policy: service.policy), status: .created)
    }
}

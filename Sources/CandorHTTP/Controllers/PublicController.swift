import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// What anyone may read without a key: health, metrics, the API description, the policy, statistics,
/// the agency board, and the attestation public key and verifier.
struct PublicController {
    let service: Registry

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.get("/health") { _, _ in
            try jsonResponse(["status": "ok", "standings": service.standings.ready ? "ready" : "building"])
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: service.metrics.exposition())))
        }
        let document = ByteBuffer(string: OpenAPIDocument.text(for: service.policy))
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: document))
        }
        router.get("/v1/policy") { _, _ in try jsonResponse(PolicyDocument(service.policy)) }
        router.get("/v1/statistics") { _, _ in try jsonResponse(try await service.statisticsDocument()) }
        router.get("/v1/agencies") { _, _ in
            try jsonResponse(try await service.agencyBoard())
        }
        router.get("/v1/access-log/checkpoint") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: try await service.checkpoint().note)))
        }
        router.get("/v1/access-log/key") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: service.logSigner.verifier.vkey + "\n")))
        }
        router.get("/v1/access-log/consistency") { request, _ in
            func size(_ name: Substring) throws -> Int? {
                guard let text = request.uri.queryParameters[name] else { return nil }
                guard let value = Int(String(text)) else {
                    throw RegistryError.invalid(
                        code: "invalid-sizes", field: String(name), message: "must be a whole number, not '\(text)'")
                }
                return value
            }
            guard let from = try size("from") else {
                throw RegistryError.invalid(
                    code: "invalid-sizes", field: "from", message: "give the size of the earlier checkpoint")
            }
            return try jsonResponse(try await service.consistencyProof(from: from, to: try size("to")))
        }
        router.get("/.well-known/jwks.json") { _, _ in
            struct KeySet: Encodable { var keys: [PublicJWK] }
            return try jsonResponse(KeySet(keys: service.attestationKeys))
        }
        router.post("/v1/attestations/verify") { request, context in
            struct Body: Decodable { var token: String }
            var request = request
            let body = try await request.decode(Body.self, limit: SubjectController.smallBody)
            return try jsonResponse(
                try await service.verifyAttestation(body.token, by: context.caller.map { .key($0) } ?? .anonymous))
        }
    }
}

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
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        router.get("/v1/policy") { _, _ in try jsonResponse(PolicyDocument(service.policy)) }
        router.get("/v1/statistics") { _, _ in try jsonResponse(try await service.statisticsDocument()) }
        router.get("/v1/agencies") { _, _ in
            try jsonResponse(try await service.agencyBoard())
        }
        router.get("/v1/access-log/checkpoint") { _, _ in
            let (tree, _) = try await service.accessTree()
            return try jsonResponse(try Checkpoint.make(tree: tree, at: service.clock(), signer: service.signer))
        }
        router.get("/v1/access-log/consistency") { request, _ in
            let (tree, _) = try await service.accessTree()
            let from = request.uri.queryParameters["from"].flatMap { Int(String($0)) } ?? 0
            let to = request.uri.queryParameters["to"].flatMap { Int(String($0)) } ?? tree.size
            guard from >= 1, from <= to, to <= tree.size else {
                throw APIError.badRequest(
                    "invalid-sizes",
                    "ask for 1 ≤ from ≤ to ≤ \(tree.size), the log's size now; got from=\(from), to=\(to)")
            }
            struct Proof: Encodable { var from, to: Int; var fromRoot, toRoot: String; var proof: [String] }
            return try jsonResponse(
                Proof(
                    from: from, to: to, fromRoot: tree.root(size: from).hex,
                    toRoot: tree.root(size: to).hex,
                    proof: tree.consistencyProof(from: from, to: to).map(\.hex)))
        }
        router.get("/v1/attestations/public-key") { _, _ in
            try jsonResponse([
                "algorithm": "Ed25519", "encoding": "base64url", "publicKey": service.signer.publicKey.base64URLEncoded,
            ])
        }
        router.post("/v1/attestations/verify") { request, _ in
            struct Body: Decodable { var token: String }
            struct Verdict: Encodable {
                var valid: Bool
                var claims: AttestationClaims?
                var reason: String?
            }
            var request = request
            let body = try await request.decode(Body.self, limit: service.limits.maxBodyBytes)
            do {
                let claims = try AttestationVerifier.verify(
                    body.token, publicKey: service.signer.publicKey, on: service.today())
                return try jsonResponse(Verdict(valid: true, claims: claims))
            } catch let error as AttestationError {
                return try jsonResponse(Verdict(valid: false, reason: error.description))
            }
        }
    }
}

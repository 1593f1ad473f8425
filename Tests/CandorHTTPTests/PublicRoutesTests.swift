import CandorCore
import CandorHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Public routes and the API description")
struct PublicRoutesTests {
    @Test("health, policy, statistics, board, public key and metrics need no key")
    func publicRoutes() async throws {
        try await RegistryHarness().test { client in
            let response1 = try await client.get("/health")
            #expect(response1.object["status"] as? String == "ok")
            #expect(response1.object["standings"] as? String == "ready", "the harness waits for the standings")
            let policy = try await client.get("/v1/policy")
            #expect(policy.object["id"] as? String == "test-city")
            #expect((policy.object["sha256"] as? String)?.count == 64)
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "P1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-01"}"#
            )
            let statistics = try await client.get("/v1/statistics")
            #expect(statistics.object["subjects"] as? Int == 1)
            let lists = try #require(statistics.object["lists"] as? [[String: Any]])
            #expect(lists.first?["count"] as? Int == 1)
            let board = try await client.get("/v1/agencies")
            #expect(board.array.map { $0["id"] as? String } == ["court", "civic"])
            #expect(board.array.first?["recordsSubmitted"] as? Int == 1)
            let keys = try await client.get("/.well-known/jwks.json")
            #expect((keys.object["keys"] as? [[String: Any]])?.first?["crv"] as? String == "Ed25519")
            _ = try await client.post(
                "/v1/checks", as: "provider",
                json: #"{"subject": "11010519491231002X", "action": "rail.ticket", "purpose": "Ticket sale"}"#)
            let metrics = try await client.get("/metrics")
            #expect(metrics.text.contains(#"candor_checks_total{decision="denied",action="rail.ticket"} 1"#))
            #expect(metrics.text.contains(#"candor_records_submitted_total{outcome="created"} 1"#))
            #expect(
                metrics.text.contains(#"candor_http_requests_total{route="/v1/checks",method="POST",status="200"}"#))
            let unknown = try await client.get("/v1/nothing")
            #expect(unknown.status == .notFound)
        }
    }

    @Test("/openapi.yaml describes exactly the routes the router serves")
    func openAPIMatchesRoutes() async throws {
        let harness = try await RegistryHarness()
        defer { harness.remove() }
        let router = buildRouter(harness.service)
        // The API: everything but the HTML pages, which are for people and have no JSON to describe.
        let api = ["/health", "/metrics", "/openapi.yaml", "/.well-known/jwks.json"]
        let served = Set(
            router.routes.map { "\($0.method.rawValue) \($0.path)" }
                .filter { route in route.contains(" /v1/") || api.contains { route.hasSuffix(" " + $0) } })
        let application = Application(router: router)
        let document = try await application.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
        }
        #expect(document.hasPrefix("openapi: 3.1.0"))
        var documented: Set<String> = []
        var path: String?
        var inPaths = false
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths && !line.hasPrefix(" ") && !line.isEmpty { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /") && line.hasSuffix(":") && !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(method) {
                    documented.insert("\(method) \(path)")
                }
            }
        }
        #expect(documented.count == 47)
        #expect(
            documented == served,
            "documented only: \(documented.subtracting(served)); served only: \(served.subtracting(documented))")
    }

    @Test("the served /openapi.yaml lists the policy's actions, privileges and lists as the ids a request may name")
    func openAPINamesThePolicy() async throws {
        let harness = try await RegistryHarness()
        defer { harness.remove() }
        let policy = harness.service.policy
        let document = try await Application(router: buildRouter(harness.service)).test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
        }
        func enumeration(_ schema: String) -> [String]? {
            guard let line = document.split(separator: "\n").first(where: { $0.hasPrefix("    \(schema): {") }),
                let start = line.range(of: "enum: ["), let end = line[start.upperBound...].firstIndex(of: "]")
            else { return nil }
            return line[start.upperBound..<end].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        #expect(enumeration("CheckedAction") == policy.actions.map(\.id) + policy.privileges.map(\.id))
        #expect(enumeration("PolicyAction") == policy.actions.map(\.id))
        #expect(enumeration("PolicyList") == policy.lists.map(\.id))
        #expect(!policy.lists.isEmpty && !policy.actions.isEmpty)
    }

    @Test("HEAD wherever GET is served; a path served with other methods answers 405 with Allow; /v1 errors are JSON")
    func methods() async throws {
        try await RegistryHarness().test { client in
            for path in ["/health", "/", "/policy", "/v1/policy"] {
                let head = try await client.client.execute(uri: path, method: .head)
                #expect(head.status == .ok, "HEAD \(path)")
                #expect(head.body.readableBytes == 0, "HEAD \(path) has no body")
            }
            let trace = try await client.client.execute(uri: "/health", method: .trace)
            #expect(trace.status == .methodNotAllowed && trace.headers[.allow] == "GET, HEAD")
            let delete = try await client.client.execute(
                uri: "/v1/me", method: .delete, headers: [.authorization: "Bearer \(client.keys["person"]!)"])
            #expect(delete.status == .methodNotAllowed && delete.headers[.allow] == "GET, HEAD")
            #expect(delete.errorCode == "method-not-allowed")
            let missing = try await client.get("/v1/nothing")
            #expect(missing.status == .notFound && missing.errorCode == "not-found", "a JSON body on /v1")
            let record = try await client.client.execute(uri: "/v1/records/court/X/fulfilled", method: .get)
            #expect(record.status == .methodNotAllowed && record.headers[.allow] == "POST")
            #expect(try await client.get("/no-such-page").status == .notFound)
        }
    }
}

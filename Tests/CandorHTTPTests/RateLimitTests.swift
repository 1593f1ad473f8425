import CandorCore
import CandorHTTP
import CandorRegistry
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Per-key limits: a provider scanning identifiers is throttled with 429 and Retry-After, and each refused
/// attempt is still written to the log of the subject it aimed at.
@Suite("Rate limits")
struct RateLimitTests {
    @Test("the bucket refills at its rate and tells how long to wait")
    func bucket() async {
        let limiter = RateLimiter(rate: .init(perSecond: 2, burst: 3))
        let start = ContinuousClock.now
        for _ in 0..<3 { #expect(limiter.take("k", now: start) == nil) }
        #expect(limiter.take("k", now: start) == 1)
        #expect(limiter.take("other", now: start) == nil, "each key has its own bucket")
        #expect(limiter.take("k", now: start + .milliseconds(600)) == nil, "0.6 s at 2/s refills a token")
        #expect(limiter.take("k", now: start + .milliseconds(600)) != nil)
    }

    @Test("a provider scanning identifiers is throttled; every attempt is logged on its subject")
    func scanning() async throws {
        let harness = try await RegistryHarness(
            limits: RegistryLimits(maxBodyBytes: 1 << 20, maxBatch: 100, perKey: .init(perSecond: 0.01, burst: 3)))
        let store = harness.store
        let subjects = (0..<5).map { index in
            ResidentIdentityNumber.make(
                region: 310_101, born: Day(iso: "1990-01-01")!.adding(days: index), sequence: index)
        }
        try await harness.test { client in
            var statuses: [HTTPResponse.Status] = []
            for subject in subjects {
                let response = try await client.post(
                    "/v1/checks", as: "provider",
                    json: #"{"subject": "\#(subject)", "action": "rail.ticket", "purpose": "Ticket sale"}"#)
                statuses.append(response.status)
                if response.status == .tooManyRequests {
                    #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                    #expect(response.errorCode == "rate-limited")
                }
            }
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests, .tooManyRequests])
            let other = try await client.get("/v1/me", as: "person")
            #expect(other.status == .ok, "another key is not throttled")
            for _ in 0..<2 { #expect(try await client.get("/v1/me", as: "person").status == .ok) }
            let fourth = try await client.get("/v1/me", as: "person")
            #expect(fourth.status == .tooManyRequests, "every route counts against its key")
        }
        for (index, subject) in subjects.enumerated() {
            let entries = try await store.accessLog(subject: try SubjectID(subject), after: 0, limit: 10)
            #expect(entries.count == 1)
            #expect(entries.first?.answer == (index < 3 ? "allowed" : "refused: rate limit"))
        }
    }
}

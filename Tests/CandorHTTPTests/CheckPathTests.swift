import Foundation
import Hummingbird
import NIOCore
import Testing

@testable import CandorCore
@testable import CandorHTTP

/// The busiest route's own JSON and time limit give what the generic machinery gives: the same fields read
/// from the same bodies, the same bytes written, the same refusals.
@Suite("The check route's fast paths")
struct CheckPathTests {
    /// Bodies a counter might send, plain and otherwise.
    static let bodies = [
        #"{"subject":"110101199003078515","action":"rail.high-speed","purpose":"Ticket sale"}"#,
        #"  { "purpose" : "Ticket sale" ,"action":"rail.high-speed",  "subject":"110101199003078515" }  "#,
        "{\n\t\"subject\": \"110101199003078515\",\r\n\"action\": \"rail.ticket\", \"purpose\": \"售票\"}",
        #"{"subject":"110101199003078515","action":"rail.ticket","purpose":"Ticket sale","extra":"ignored"}"#,
        #"{"subject":"110101199003078515","action":"rail.ticket","purpose":"Ticket \"sale\" \u00e9"}"#,
        #"{"subject":"110101199003078515","action":"rail.ticket","purpose":5}"#,
        #"{"subject":"110101199003078515","action":"rail.ticket"}"#,
        #"{"subject":"a","action":"b","purpose":"c","purpose":"d"}"#,
        #"{"subject":"a","action":"b","purpose":"c"} trailing"#,
        #"{"subject":"a","action":"b","purpose":"c",}"#,
        #"{"subject":"a","action":"b","purpose":null}"#,
        #"{"subject":"a","action":"b","purpose":"c","nested":{"x":"y"}}"#,
        #"["subject","a"]"#, "", "{", #"{"subject":"a"#, "{}",
    ]

    @Test("a check's body reads the same fields, or is refused the same way, as JSONDecoder reads it")
    func bodies() throws {
        for text in Self.bodies {
            let buffer = ByteBuffer(string: text)
            let fast = Result { try ProviderController.Body(buffer) }.map { [$0.subject, $0.action, $0.purpose] }
            let generic = Result { try Request.decode(ProviderController.Body.self, from: buffer) }
                .map { [$0.subject, $0.action, $0.purpose] }
            switch (fast, generic) {
            case let (.success(a), .success(b)): #expect(a == b, "\(text)")
            case let (.failure(a as APIError), .failure(b as APIError)):
                #expect(a.code == b.code && a.field == b.field, "\(text)")
            default: Issue.record("\(text): \(fast) against \(generic)")
            }
        }
        // The plain body is read without the generic decoder; one with escapes is left to it.
        #expect(FlatJSON.strings(in: ByteBuffer(string: Self.bodies[0]))?["purpose"] == "Ticket sale")
        #expect(FlatJSON.strings(in: ByteBuffer(string: Self.bodies[4])) == nil)
        #expect(FlatJSON.strings(in: ByteBuffer(string: Self.bodies[7])) == nil, "a repeated key")
        #expect(FlatJSON.strings(in: ByteBuffer(bytes: [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x22, 0x22, 0x7D])) == nil)
    }

    @Test("strings are escaped as JSONEncoder escapes them")
    func escaping() throws {
        var texts = ["", "plain", "quote \" backslash \\ slash /", "line\nfeed\r\ttab", "售票 — é", "\u{0}\u{1F}\u{7F}"]
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ab\"\\/\n\u{8}\u{C}\u{1}\u{1B} é售😀")
        for _ in 0..<300 {
            texts.append(String((0..<Int.random(in: 0..<12, using: &random)).map { _ in alphabet.randomElement()! }))
        }
        for text in texts {
            var fast = ""
            FlatJSON.append(text, to: &fast)
            #expect(
                fast == String(decoding: try jsonEncoder().encode(text), as: UTF8.self), "\(Array(text.unicodeScalars))"
            )
        }
    }

    @Test("an answer is written byte for byte as JSONEncoder writes it, at any instant within a second")
    func answers() throws {
        let policy = PolicyReference(id: "demo-city", version: "2026.3", sha256: String(repeating: "ab", count: 32))
        let reason = CheckDocument.Reason(
            type: "list", list: "judgment-defaulters", title: "Dishonest \"judgment\" defaulters",
            legalBasis: "art. 1/6", since: Day(iso: "2026-01-22"), until: Day(iso: "2028-01-22"))
        let start = Date(timeIntervalSince1970: 1_796_000_000)
        for offset in [0, 0.25, 0.5, 0.75, 0.999, 1, 1.5, 86_400.4, -0.3] {
            for reasons in [[], [reason], [reason, reason]] {
                let answer = ProviderController.Answer(
                    decision: reasons.isEmpty ? "allowed" : "denied", reasons: reasons,
                    checkedAt: start.addingTimeInterval(offset), policy: policy)
                let fast = String(buffer: try answer.json())
                #expect(fast == String(decoding: try jsonEncoder().encode(answer), as: UTF8.self), "at +\(offset) s")
            }
        }
    }

    @Test("a handler past its time is cancelled and reported late; one that finishes anyway is answered")
    func deadlines() async throws {
        let watch = DeadlineWatch()
        await #expect(throws: DeadlineWatch.TimedOut.self) {
            try await timed(watch, .milliseconds(150)) { try await Task.sleep(for: .seconds(30)) }
        }
        let answered = try await timed(watch, .milliseconds(150)) { () async throws -> String in
            // Work that completes although cancelled: it waits for the watch to cancel it (however late a
            // loaded machine lets the watch tick; up to 30 s), then answers.
            let started = ContinuousClock.now
            while !Task.isCancelled && ContinuousClock.now - started < .seconds(30) {
                try? await Task.sleep(for: .milliseconds(10))
            }
            return Task.isCancelled ? "finished though cancelled" : "not cancelled"
        }
        #expect(answered == "finished though cancelled")
        await #expect(throws: CancellationError.self, "an error in time is the handler's own") {
            try await timed(watch, .seconds(30)) { throw CancellationError() }
        }
        let quick = try await timed(watch, .seconds(30)) { 42 }
        #expect(quick == 42)
    }

    /// Runs `body` under `watch` as the middleware does: in a child task, so that only it is cancelled.
    func timed<T: Sendable>(_ watch: DeadlineWatch, _ limit: Duration, _ body: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await watch.timing(limit, body) }
            return try await group.next()!
        }
    }
}

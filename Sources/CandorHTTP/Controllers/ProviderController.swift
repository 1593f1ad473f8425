import CandorCore
import CandorRegistry
import Foundation
import Hummingbird
import Synchronization

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

        /// The body of a check: read in one pass when it is the plain object every counter sends, else by
        /// `JSONDecoder`, which refuses what is wrong in the API's words.
        init(_ buffer: ByteBuffer) throws {
            if let fields = FlatJSON.strings(in: buffer), let subject = fields["subject"],
                let action = fields["action"], let purpose = fields["purpose"]
            {
                self.init(subject: subject, action: action, purpose: purpose)
            } else {
                self = try Request.decode(Body.self, from: buffer)
            }
        }

        init(subject: String, action: String, purpose: String) {
            self.subject = subject
            self.action = action
            self.purpose = purpose
        }
    }

    struct Answer: Encodable {
        var decision: String
        var reasons: [CheckDocument.Reason]
        var checkedAt: Date
        var policy: PolicyReference

        /// The answer as `jsonEncoder()` writes it, with the envelope written directly: most answers have
        /// no reasons, and the time changes once a second.
        func json() throws -> ByteBuffer {
            var out = "{\"checkedAt\":"
            out += Self.timestamp.text(for: checkedAt)
            out += ",\"decision\":"
            FlatJSON.append(decision, to: &out)
            out += ",\"policy\":{\"id\":"
            FlatJSON.append(policy.id, to: &out)
            out += ",\"sha256\":"
            FlatJSON.append(policy.sha256, to: &out)
            out += ",\"version\":"
            FlatJSON.append(policy.version, to: &out)
            out += "},\"reasons\":"
            out += reasons.isEmpty ? "[]" : String(decoding: try jsonEncoder().encode(reasons), as: UTF8.self)
            out += "}"
            return ByteBuffer(string: out)
        }

        private static let timestamp = Timestamp()
    }

    @Sendable func check(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let caller = try context.keyCaller()
        var request = request
        let body = try Body(try await request.bytes(limit: service.limits.maxBodyBytes))
        let decision = try await service.check(
            body.subject, action: body.action, purpose: body.purpose, by: caller)
        let document = CheckDocument(decision)
        return jsonResponse(
            try Answer(
                decision: document.decision, reasons: document.reasons, checkedAt: service.clock(),
                policy: document.policy
            ).json())
    }
}

/// A time as `jsonEncoder()` writes it, remembered for the second it names.
final class Timestamp: Sendable {
    private let last = Mutex<(second: Double, text: String)?>(nil)

    func text(for date: Date) -> String {
        let second = date.timeIntervalSince1970.rounded(.down)
        if let last = last.withLock({ $0 }), last.second == second { return last.text }
        let text =
            (try? String(decoding: jsonEncoder().encode([date]), as: UTF8.self).dropFirst().dropLast())
            .map(String.init) ?? "null"
        last.withLock { $0 = (second, text) }
        return text
    }
}

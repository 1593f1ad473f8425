import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// What an agency key may do: submit records and changes for its own agency, and answer the disputes
/// about its records.
struct AgencyController {
    let service: Registry

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.post("/v1/records") { request, context in try await submit(request, context, officers: false) }
        router.post("/v1/officers") { request, context in try await submit(request, context, officers: true) }
        router.post("/v1/records/{agency}/{reference}/fulfilled") { request, context in
            try await change(request, context, fulfilled: true)
        }
        router.post("/v1/records/{agency}/{reference}/retracted") { request, context in
            try await change(request, context, fulfilled: false)
        }
        router.get("/v1/disputes", use: openDisputes)
        router.post("/v1/disputes/{id}/answer", use: answer)
    }

    struct ItemResult: Encodable {
        var index: Int
        var status: String
        var record: Int64?
        var field: String?
        var message: String?
    }

    struct SubmissionResult: Encodable {
        var results: [ItemResult]
        var created, updated, unchanged, refused: Int
    }

    /// One record (or officer's role) as a JSON object, a JSON array of them, or NDJSON: a result per item,
    /// in order.
    func submit(_ request: Request, _ context: CandorRequestContext, officers: Bool) async throws -> Response {
        let grant = try context.require(.agency)
        var request = request
        let body = try await request.bytes(limit: service.limits.maxBodyBytes)
        let bytes = Array(body.readableBytesView)
        let contentType = request.headers[.contentType] ?? ""
        // Counted before anything is parsed, so a huge batch of empty objects costs no memory to refuse.
        try service.checkBatchSize(Self.itemCount(in: bytes, ndjson: contentType.contains("ndjson")))
        let items = try Self.items(
            in: bytes, contentType: contentType, fields: officers ? OfficerDecoder.fields : RecordDecoder.fields)
        let report =
            officers
            ? try await service.submitOfficers(items, by: .key(grant))
            : try await service.submit(items, by: .key(grant))
        return try jsonResponse(
            SubmissionResult(
                results: report.items.map {
                    ItemResult(
                        index: $0.index, status: $0.status.rawValue, record: $0.record, field: $0.field,
                        message: $0.message)
                },
                created: report.count(.created), updated: report.count(.updated),
                unchanged: report.count(.unchanged), refused: report.count(.refused)))
    }

    /// How many records a body holds at most, without parsing it: the lines of NDJSON, the top-level
    /// elements of a JSON array (commas outside strings and nested values, plus one), else one.
    static func itemCount(in bytes: [UInt8], ndjson: Bool) -> Int {
        let (quote, backslash, newline) = (UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\n"))
        if ndjson { return bytes.reduce(1) { $0 + ($1 == newline ? 1 : 0) } }
        let blank: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        guard let first = bytes.firstIndex(where: { !blank.contains($0) }), bytes[first] == UInt8(ascii: "[")
        else { return 1 }
        var (depth, commas, inString, escaped, empty) = (0, 0, false, false, true)
        for byte in bytes[first...] {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == backslash {
                    escaped = true
                } else if byte == quote {
                    inString = false
                }
                continue
            }
            switch byte {
            case quote:
                inString = true
                empty = false
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if depth == 1 { empty = false }
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: ","): if depth == 1 { commas += 1 }
            default: if depth == 1 && !blank.contains(byte) { empty = false }
            }
        }
        return empty ? 0 : commas + 1
    }

    /// Splits a body into items: NDJSON when the content type says so, else one JSON object or an array.
    static func items(in bytes: [UInt8], contentType: String, fields: [String] = RecordDecoder.fields) throws
        -> [Result<RawRow, RowProblem>]
    {
        if contentType.contains("ndjson") {
            var parser = RecordRowParser(format: .ndjson, fields: fields)
            var items: [Result<RawRow, RowProblem>] = []
            try parser.feed(bytes) { items.append($0) }
            try parser.finish { items.append($0) }
            return items
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)) else {
            throw APIError.badRequest(
                "invalid-json",
                "the body is not JSON: send one object, an array of them, or NDJSON "
                    + "with Content-Type: application/x-ndjson")
        }
        if let array = json as? [Any] {
            return array.enumerated().map { RecordRowParser.row(fromJSON: $1, line: $0 + 1, fields: fields) }
        }
        return [RecordRowParser.row(fromJSON: json, line: 1, fields: fields)]
    }

    struct DateBody: Decodable { var date: Day? }

    /// Records a fulfilment or a retraction of one of the agency's own records.
    func change(_ request: Request, _ context: CandorRequestContext, fulfilled: Bool) async throws -> Response {
        let grant = try context.require(.agency)
        let agency = try context.parameters.require("agency")
        let reference = try context.parameters.require("reference")
        var request = request
        let bytes = try await request.bytes(limit: service.limits.maxBodyBytes)
        var date: Day?
        if bytes.readableBytes > 0 {
            do {
                date = try JSONDecoder().decode(DateBody.self, from: Data(bytes.readableBytesView)).date
            } catch let error as DecodingError {
                var refusal = APIError.badRequest("invalid-body", describe(error))
                refusal.field = field(of: error)
                throw refusal
            }
        }
        let changed = try await service.change(
            agency: agency, reference: reference, fulfilled: fulfilled, date: date, by: .key(grant))
        struct Changed: Encodable { var record: Int64; var status: String; var date: Day }
        return try jsonResponse(
            Changed(record: changed.record, status: changed.updated ? "updated" : "unchanged", date: changed.date))
    }

    struct DisputeView: Encodable {
        var id: Int64
        var record: Int64
        var reference: String
        var kind: String
        var subject: String
        var opened: Day
        var deadline: Day
        var overdue: Bool
        var ground: String
        var reason: String
        var policeReport: String?
        /// The subject's statement on the record, if any.
        var statement: String?
    }

    @Sendable func openDisputes(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let grant = try context.require(.agency)
        let today = service.today()
        let days = service.policy.disputeResponseDays
        let disputes = try await service.openDisputes(by: .key(grant)).map { dispute, record, statement in
            let deadline = dispute.deadline(responseDays: days)
            return DisputeView(
                id: dispute.id, record: record.id, reference: record.reference, kind: record.kind,
                subject: record.subject.text, opened: dispute.opened, deadline: deadline,
                overdue: dispute.isOverdue(on: today, responseDays: days), ground: dispute.ground.rawValue,
                reason: dispute.reason, policeReport: dispute.policeReport, statement: statement)
        }
        return try jsonResponse(["disputes": disputes])
    }

    @Sendable func answer(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let grant = try context.require(.agency)
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.notFound("no such dispute") }
        struct Body: Decodable { var answer: Dispute.Answer; var reason: String?; var date: Day? }
        var request = request
        let body = try await request.decode(Body.self, limit: SubjectController.smallBody)
        let (answered, record) = try await service.answerDispute(
            id, answer: body.answer, reason: body.reason ?? "", date: body.date, by: .key(grant))
        return try jsonResponse(
            DisputeDocument(answered, record: record, policy: service.policy))
    }
}

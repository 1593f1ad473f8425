import CandorCore
import Foundation
import Hummingbird

/// What an agency key may do: submit records and changes for its own agency, and answer the disputes
/// about its records.
struct AgencyController {
    let service: RegistryService

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.post("/v1/records", use: submit)
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

    /// One record as a JSON object, a JSON array of them, or NDJSON: a result per item, in order.
    @Sendable func submit(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let grant = try context.require(.agency)
        var request = request
        let body = try await request.bytes(limit: service.limits.maxBodyBytes)
        let items = try Self.items(in: Array(body.readableBytesView), contentType: request.headers[.contentType] ?? "")
        guard items.count <= service.limits.maxBatch else {
            throw APIError(
                .contentTooLarge, "batch-too-large", "send at most \(service.limits.maxBatch) records at once")
        }
        let decoder = RecordDecoder(defaultAgency: grant.agency)
        let rules = SubmissionRules(policy: service.policy)
        var results: [ItemResult?] = Array(repeating: nil, count: items.count)
        var accepted: [(index: Int, record: Record)] = []
        var refusedNotes: [(SubjectID, AccessNote)] = []
        let accessor = Accessor(actor: grant.actor, purpose: "submission")
        for (index, item) in items.enumerated() {
            let problem: RowProblem
            switch item.flatMap(decoder.decode) {
            case let .success(record):
                var reason: (field: String, message: String)?
                if record.agency != grant.agency {
                    reason = (
                        "agency", "this key submits for agency '\(grant.agency ?? "")' only, not '\(record.agency)'"
                    )
                } else {
                    reason = rules.problem(with: record)
                }
                guard let reason else {
                    accepted.append((index, record))
                    continue
                }
                refusedNotes.append(
                    (
                        record.subject,
                        AccessNote(
                            accessor, action: "submit \(record.agency)/\(record.reference) (\(record.kind))",
                            answer: "refused: \(reason.message)")
                    ))
                problem = RowProblem(line: index + 1, field: reason.field, message: reason.message)
            case let .failure(failure):
                problem = failure
            }
            results[index] = ItemResult(index: index, status: "refused", field: problem.field, message: problem.message)
        }
        let now = service.clock()
        if !refusedNotes.isEmpty { try await service.store.log(refusedNotes, at: now) }
        if !accepted.isEmpty {
            let outcomes = try await service.submit(accepted.map(\.record), accessor: accessor)
            for ((index, _), outcome) in zip(accepted, outcomes) {
                results[index] =
                    switch outcome {
                    case let .created(id): ItemResult(index: index, status: "created", record: id)
                    case let .updated(id): ItemResult(index: index, status: "updated", record: id)
                    case let .unchanged(id): ItemResult(index: index, status: "unchanged", record: id)
                    case let .refused(reason): ItemResult(index: index, status: "refused", message: reason)
                    }
            }
        }
        let all = results.compactMap { $0 }
        let count = { (status: String) in all.filter { $0.status == status }.count }
        for status in ["created", "updated", "unchanged", "refused"] {
            service.metrics.ingested(count(status), outcome: status)
        }
        return try jsonResponse(
            SubmissionResult(
                results: all, created: count("created"), updated: count("updated"),
                unchanged: count("unchanged"), refused: count("refused")))
    }

    /// Splits a body into items: NDJSON when the content type says so, else one JSON object or an array.
    static func items(in bytes: [UInt8], contentType: String) throws -> [Result<RawRow, RowProblem>] {
        if contentType.contains("ndjson") {
            var parser = RecordRowParser(format: .ndjson)
            var items: [Result<RawRow, RowProblem>] = []
            try parser.feed(bytes) { items.append($0) }
            try parser.finish { items.append($0) }
            return items
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)) else {
            throw APIError.badRequest(
                "invalid-json",
                "the body is not JSON: send one record object, an array of them, or NDJSON "
                    + "with Content-Type: application/x-ndjson")
        }
        if let array = json as? [Any] {
            return array.enumerated().map { RecordRowParser.row(fromJSON: $1, line: $0 + 1) }
        }
        return [RecordRowParser.row(fromJSON: json, line: 1)]
    }

    struct DateBody: Decodable { var date: Day? }

    /// Records a fulfilment or a retraction of one of the agency's own records.
    func change(_ request: Request, _ context: CandorRequestContext, fulfilled: Bool) async throws -> Response {
        let grant = try context.require(.agency)
        let agency = try context.parameters.require("agency")
        let reference = try context.parameters.require("reference")
        let accessor = Accessor(actor: grant.actor, purpose: fulfilled ? "fulfilment" : "retraction")
        guard agency == grant.agency else {
            if let record = try await service.store.record(agency: agency, reference: reference) {
                try await service.store.log(
                    [
                        (
                            record.subject,
                            AccessNote(
                                accessor, action: "change \(agency)/\(reference)",
                                answer: "refused: another agency's record")
                        )
                    ],
                    at: service.clock())
            }
            throw APIError.forbidden("this key changes records of agency '\(grant.agency ?? "")' only")
        }
        var request = request
        let bytes = try await request.bytes(limit: service.limits.maxBodyBytes)
        var day = service.today()
        if bytes.readableBytes > 0 {
            do {
                day = try JSONDecoder().decode(DateBody.self, from: Data(bytes.readableBytesView)).date ?? day
            } catch let error as DecodingError {
                throw APIError.badRequest("invalid-body", describe(error))
            }
        }
        guard var record = try await service.store.record(agency: agency, reference: reference) else {
            throw APIError.notFound("agency '\(agency)' has no record '\(reference)'")
        }
        if fulfilled { record.fulfilled = day } else { record.retracted = day }
        let outcome = try await service.submit([record], accessor: accessor)[0]
        struct Changed: Encodable { var record: Int64; var status: String; var date: Day }
        switch outcome {
        case let .updated(id): return try jsonResponse(Changed(record: id, status: "updated", date: day))
        case let .unchanged(id), let .created(id):
            return try jsonResponse(Changed(record: id, status: "unchanged", date: day))
        case let .refused(reason): throw APIError.conflict("refused", reason)
        }
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
    }

    @Sendable func openDisputes(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let grant = try context.require(.agency)
        let today = service.today()
        let days = service.policy.disputeResponseDays
        let disputes = try await service.store.openDisputes(agency: grant.agency ?? "").map { dispute, record in
            let deadline = dispute.deadline(responseDays: days)
            return DisputeView(
                id: dispute.id, record: record.id, reference: record.reference, kind: record.kind,
                subject: record.subject.text, opened: dispute.opened, deadline: deadline, overdue: today >= deadline)
        }
        return try jsonResponse(["disputes": disputes])
    }

    @Sendable func answer(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let grant = try context.require(.agency)
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.notFound("no such dispute") }
        struct Body: Decodable { var answer: Dispute.Answer; var date: Day? }
        var request = request
        let body = try await request.decode(Body.self, limit: service.limits.maxBodyBytes)
        guard let (dispute, record) = try await service.store.dispute(id: id) else {
            throw APIError.notFound("there is no dispute \(id)")
        }
        guard record.agency == grant.agency else {
            try await service.store.log(
                [
                    (
                        record.subject,
                        AccessNote(
                            Accessor(actor: grant.actor, purpose: "dispute answer"),
                            action: "answer dispute \(id)", answer: "refused: another agency's record")
                    )
                ],
                at: service.clock())
            throw APIError.forbidden("dispute \(id) is about a record of another agency")
        }
        guard dispute.answer == nil else {
            throw APIError.conflict("already-answered", "dispute \(id) was answered already")
        }
        let day = body.date ?? service.today()
        do {
            let answered = try await service.answerDispute(
                id, about: record, answer: body.answer, on: day,
                accessor: Accessor(actor: grant.actor, purpose: "dispute answer"))
            return try jsonResponse(
                DisputeDocument(answered, record: record, responseDays: service.policy.disputeResponseDays))
        } catch let error as StoreError {
            throw APIError.conflict("refused", error.description)
        }
    }
}

import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// What a subject key may do with its own file: read the rating and its explanation, the records and
/// lists, ask what-if, read who accessed the file, dispute a record, review an agency, and obtain a signed
/// attestation.
struct SubjectController {
    let service: Registry
    /// The most a small JSON body (a dispute, a decision, an attestation request) may send: room for the
    /// longest text the API document allows (2,000 characters, each up to 12 bytes as a JSON escape) and
    /// then some, so that text one character too long is answered 400 with its field, not 413.
    static let smallBody = 64 << 10

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.get("/v1/me", use: rating)
        router.get("/v1/me/records", use: records)
        router.get("/v1/me/lists", use: lists)
        router.get("/v1/me/what-if", use: whatIf)
        router.get("/v1/me/access-log", use: accessLog)
        router.get("/v1/me/access-log/proof", use: inclusionProof)
        router.get("/v1/me/disputes", use: disputes)
        router.post("/v1/me/disputes", use: openDispute)
        router.post("/v1/me/disputes/{id}/appeal") { request, context in
            struct Body: Decodable { var reason: String? }
            var request = request
            let body = try await request.decode(Body.self, limit: Self.smallBody)
            guard let id = Int64(try context.parameters.require("id")) else {
                throw RegistryError.notFound("you have no such dispute")
            }
            let (appealed, record) = try await service.appeal(
                dispute: id, reason: body.reason ?? "", by: context.keyCaller())
            return try jsonResponse(DisputeDocument(appealed, record: record, policy: service.policy), status: .created)
        }
        router.post("/v1/me/records/{id}/statement") { request, context in
            struct Body: Decodable { var text: String? }
            var request = request
            let body = try await request.decode(Body.self, limit: Self.smallBody)
            guard let id = Int64(try context.parameters.require("id")) else {
                throw RegistryError.notFound("there is no such record")
            }
            let record = try await service.attachStatement(body.text ?? "", record: id, by: context.keyCaller())
            struct Attached: Encodable { var record: Int64; var reference: String; var text: String }
            return try jsonResponse(
                Attached(
                    record: record.id, reference: record.reference,
                    text: (body.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        router.post("/v1/me/attestations", use: attest)
        router.get("/v1/me/attestations") { _, context in
            try jsonResponse(["attestations": try await service.attestations(by: context.keyCaller())])
        }
        router.post("/v1/me/attestations/{id}/revoke") { _, context in
            try jsonResponse(
                try await service.revokeAttestation(id: context.parameters.get("id") ?? "", by: context.keyCaller()))
        }
        router.post("/v1/agencies/{agency}/reviews", use: review)
    }

    @Sendable func rating(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let read = try await service.ownFile(action: "read rating", by: context.keyCaller())
        return try jsonResponse(
            read.explanation(policy: service.policy))
    }

    @Sendable func records(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let caller = try context.keyCaller()
        struct RecordsView: Encodable { var records: [Record]; var events: [EventView] }
        struct EventView: Encodable {
            var record: Int64; var kind: String; var day: Day; var recordedAt: Date; var detail: String?
        }
        let (records, events) = try await service.ownRecords(by: caller)
        let shown = events.map {
            EventView(
                record: $0.recordID, kind: $0.kind.rawValue, day: $0.day, recordedAt: $0.recordedAt, detail: $0.detail)
        }
        return try jsonResponse(RecordsView(records: records, events: shown))
    }

    @Sendable func lists(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let read = try await service.ownFile(action: "read lists", by: context.keyCaller())
        return try jsonResponse(["lists": RatingExplanation(read.rating, name: nil, policy: service.policy).lists])
    }

    @Sendable func whatIf(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let caller = try context.keyCaller()
        guard let recordText = request.uri.queryParameters["record"], let recordID = Int64(String(recordText)) else {
            throw APIError.badRequest("record-required", "name the record with ?record=ID (its id from /v1/me/records)")
        }
        let changeText = request.uri.queryParameters["change"].map(String.init) ?? "fulfilled"
        guard let hypothesis = Hypothesis(rawValue: changeText) else {
            throw APIError.badRequest("invalid-change", "change must be fulfilled or expired, not '\(changeText)'")
        }
        struct WhatIf: Encodable { var record: Int64; var change: Hypothesis; var before, after: RatingOutline }
        let answer = try await service.whatIf(record: recordID, change: hypothesis, by: caller)
        return try jsonResponse(
            WhatIf(
                record: recordID, change: hypothesis, before: RatingOutline(answer.before),
                after: RatingOutline(answer.after)))
    }

    @Sendable func accessLog(_ request: Request, context: CandorRequestContext) async throws -> Response {
        try await Self.accessLog(request, caller: context.keyCaller(), service: service)
    }

    /// A page of the access log as JSON, for a subject's own log or an auditor's view.
    static func accessLog(_ request: Request, caller: Caller, service: Registry) async throws -> Response {
        let query = request.uri.queryParameters
        guard let after = Int64(query["after"].map(String.init) ?? "0") else {
            throw APIError.badRequest("invalid-after", "after must be a whole number")
        }
        guard let limit = Int(query["limit"].map(String.init) ?? "100") else {
            throw APIError.badRequest("invalid-limit", "limit must be a whole number")
        }
        let entries = try await service.accessLog(
            subject: query["subject"].map(String.init), after: after, limit: limit, by: caller)
        return try jsonResponse(["entries": entries.map(AccessEntryView.init)])
    }

    /// The audit path proving that one of the subject's own entries is in the log's tree.
    @Sendable func inclusionProof(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let caller = try context.keyCaller()
        guard let sequence = request.uri.queryParameters["sequence"].flatMap({ Int64(String($0)) }) else {
            throw APIError.badRequest("sequence-required", "name the entry with ?sequence=N (from /v1/me/access-log)")
        }
        let size = request.uri.queryParameters["size"].flatMap { Int(String($0)) }
        return try jsonResponse(try await service.inclusionProof(sequence: sequence, size: size, by: caller))
    }

    @Sendable func disputes(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let disputes = try await service.disputes(by: context.keyCaller()).map {
            DisputeDocument($0.dispute, record: $0.record, policy: service.policy)
        }
        return try jsonResponse(["disputes": disputes])
    }

    @Sendable func openDispute(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let caller = try context.keyCaller()
        struct Body: Decodable {
            var record: Int64; var reason: String?; var ground: String?; var policeReport: String?
        }
        var request = request
        let body = try await request.decode(Body.self, limit: Self.smallBody)
        guard let ground = Dispute.Ground(rawValue: body.ground ?? "error") else {
            throw RegistryError.invalid(
                code: "invalid-ground", field: "ground",
                message: "a dispute's ground is \"error\" or \"identity-theft\", not \"\(body.ground ?? "")\"")
        }
        let (dispute, record) = try await service.openDispute(
            record: body.record, reason: body.reason ?? "", ground: ground, policeReport: body.policeReport, by: caller)
        return try jsonResponse(
            DisputeDocument(dispute, record: record, policy: service.policy), status: .created
        )
    }

    @Sendable func review(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let caller = try context.keyCaller()
        let agency = try context.parameters.require("agency")
        struct Body: Decodable { var stars: Int; var comment: String? }
        var request = request
        let body = try await request.decode(Body.self, limit: service.limits.maxBodyBytes)
        try await service.review(agency: agency, stars: body.stars, comment: body.comment, by: caller)
        struct Reviewed: Encodable { var agency: String; var stars: Int }
        return try jsonResponse(Reviewed(agency: agency, stars: body.stars), status: .created)
    }

    @Sendable func attest(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let caller = try context.keyCaller()
        struct Body: Decodable { var audience: String; var days: Int?; var onNoRestrictionList: Bool? }
        var request = request
        let body = try await request.decode(Body.self, limit: Self.smallBody)
        let (token, claims) = try await service.attest(
            audience: body.audience, days: body.days ?? Attestation.maxNoListDays,
            onNoRestrictionList: body.onNoRestrictionList ?? false, by: caller)
        struct Issued: Encodable { var id: String; var token: String; var claims: AttestationClaims }
        return try jsonResponse(Issued(id: claims.jti, token: token, claims: claims), status: .created)
    }
}

/// An access log entry as the API shows it.
struct AccessEntryView: Encodable {
    var sequence: Int64
    var at: Date
    /// `null` for an access to every subject at once.
    var subject: String?
    var actor, purpose, action, answer, hash, kind: String

    init(_ entry: AccessEntry) {
        sequence = entry.sequence
        at = entry.at
        subject = entry.subject?.text
        actor = entry.actor
        purpose = entry.purpose
        action = entry.action
        answer = entry.answer
        hash = entry.hash
        kind = entry.kind.rawValue
    }
}

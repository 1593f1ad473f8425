import CandorCore
import Foundation
import Hummingbird

/// What a subject key may do with its own file: read the rating and its explanation, the records and
/// lists, ask what-if, read who accessed the file, dispute a record, review an agency, and obtain a signed
/// attestation.
struct SubjectController {
    let service: RegistryService

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.get("/v1/me", use: rating)
        router.get("/v1/me/records", use: records)
        router.get("/v1/me/lists", use: lists)
        router.get("/v1/me/what-if", use: whatIf)
        router.get("/v1/me/access-log", use: accessLog)
        router.get("/v1/me/access-log/proof", use: inclusionProof)
        router.get("/v1/me/disputes", use: disputes)
        router.post("/v1/me/disputes", use: openDispute)
        router.post("/v1/me/attestations", use: attest)
        router.post("/v1/agencies/{agency}/reviews", use: review)
    }

    /// The subject of a subject key, and how it appears in its own access log.
    func me(_ context: CandorRequestContext) throws -> (SubjectID, Accessor) {
        let grant = try context.require(.subject)
        guard let subject = grant.subject else { throw APIError.forbidden("this subject key names no subject") }
        return (subject, Accessor(actor: grant.actor, purpose: "own file"))
    }

    /// Rates the subject inside a logged access and returns what `body` makes of the rating.
    func withRating<T: Sendable>(
        _ subject: SubjectID, _ accessor: Accessor, action: String,
        _ body: @escaping @Sendable (Rating, SubjectFile) throws -> T
    ) async throws -> T {
        let engine = service.engine
        let day = service.today()
        return try await service.store.access(subject, at: service.clock()) { file in
            let rating = engine.rate(subject, records: file.records, disputes: file.disputes, asOf: day)
            return (try body(rating, file), AccessNote(accessor, action: action, answer: "shown"))
        }
    }

    @Sendable func rating(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let (subject, accessor) = try me(context)
        let policy = service.policy
        let name = try await service.store.name(of: subject)
        let explanation = try await withRating(subject, accessor, action: "read rating") { rating, _ in
            RatingExplanation(rating, name: name, policy: policy)
        }
        return try jsonResponse(explanation)
    }

    @Sendable func records(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let (subject, accessor) = try me(context)
        struct RecordsView: Encodable { var records: [Record]; var events: [EventView] }
        struct EventView: Encodable {
            var record: Int64; var kind: String; var day: Day; var recordedAt: Date; var detail: String?
        }
        let events = try await service.store.events(of: subject).map {
            EventView(
                record: $0.recordID, kind: $0.kind.rawValue, day: $0.day, recordedAt: $0.recordedAt, detail: $0.detail)
        }
        let records = try await withRating(subject, accessor, action: "read records") { _, file in file.records }
        return try jsonResponse(RecordsView(records: records, events: events))
    }

    @Sendable func lists(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let (subject, accessor) = try me(context)
        let policy = service.policy
        let lists = try await withRating(subject, accessor, action: "read lists") { rating, _ in
            RatingExplanation(rating, name: nil, policy: policy).lists
        }
        return try jsonResponse(["lists": lists])
    }

    @Sendable func whatIf(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let (subject, accessor) = try me(context)
        guard let recordText = request.uri.queryParameters["record"], let recordID = Int64(String(recordText)) else {
            throw APIError.badRequest("record-required", "name the record with ?record=ID (its id from /v1/me/records)")
        }
        let changeText = request.uri.queryParameters["change"].map(String.init) ?? "fulfilled"
        guard let hypothesis = Hypothesis(rawValue: changeText) else {
            throw APIError.badRequest("invalid-change", "change must be fulfilled or expired, not '\(changeText)'")
        }
        struct WhatIf: Encodable { var record: Int64; var change: Hypothesis; var before, after: RatingOutline }
        let engine = service.engine
        let day = service.today()
        let answer = try await withRating(
            subject, accessor, action: "what-if \(hypothesis.rawValue) record \(recordID)"
        ) {
            rating, file -> WhatIf? in
            guard
                let after = engine.whatIf(
                    subject, records: file.records, disputes: file.disputes, recordID: recordID,
                    hypothesis: hypothesis, asOf: day)
            else { return nil }
            return WhatIf(
                record: recordID, change: hypothesis, before: RatingOutline(rating), after: RatingOutline(after))
        }
        guard let answer else { throw APIError.notFound("you have no record \(recordID)") }
        return try jsonResponse(answer)
    }

    @Sendable func accessLog(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let (subject, _) = try me(context)
        let after = request.uri.queryParameters["after"].flatMap { Int64(String($0)) } ?? 0
        let limit = min(request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 100, 1000)
        let entries = try await service.store.accessLog(subject: subject, after: after, limit: max(limit, 1))
        return try jsonResponse(["entries": entries.map(AccessEntryView.init)])
    }

    /// The audit path proving that one of the subject's own entries is in the log's tree.
    @Sendable func inclusionProof(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let (subject, _) = try me(context)
        guard let sequence = request.uri.queryParameters["sequence"].flatMap({ Int64(String($0)) }) else {
            throw APIError.badRequest("sequence-required", "name the entry with ?sequence=N (from /v1/me/access-log)")
        }
        let (tree, entries) = try await service.accessTree()
        let size = request.uri.queryParameters["size"].flatMap { Int(String($0)) } ?? tree.size
        guard let index = entries.firstIndex(where: { $0.sequence == sequence }), entries[index].subject == subject
        else {
            throw APIError.notFound("your access log has no entry \(sequence)")
        }
        guard index < size, size <= tree.size else {
            throw APIError.badRequest(
                "invalid-size", "entry \(sequence) is in trees of \(index + 1) to \(tree.size) entries")
        }
        struct Proof: Encodable {
            var sequence: Int64; var index, size: Int; var leafHash, rootHash: String; var proof: [String]
        }
        return try jsonResponse(
            Proof(
                sequence: sequence, index: index, size: size, leafHash: tree.leafHashes[index].hex,
                rootHash: tree.root(size: size).hex,
                proof: tree.inclusionProof(index: index, size: size).map(\.hex)))
    }

    @Sendable func disputes(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let (subject, _) = try me(context)
        let records = Dictionary(uniqueKeysWithValues: try await service.store.records(of: subject).map { ($0.id, $0) })
        let days = service.policy.disputeResponseDays
        let disputes = try await service.store.disputes(of: subject).compactMap { dispute in
            records[dispute.recordID].map { DisputeDocument(dispute, record: $0, responseDays: days) }
        }
        return try jsonResponse(["disputes": disputes])
    }

    @Sendable func openDispute(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let (subject, accessor) = try me(context)
        struct Body: Decodable { var record: Int64 }
        var request = request
        let body = try await request.decode(Body.self, limit: service.limits.maxBodyBytes)
        guard let record = try await service.store.record(id: body.record), record.subject == subject else {
            throw APIError.notFound("you have no record \(body.record)")
        }
        let dispute = try await service.openDispute(on: record, accessor: accessor)
        return try jsonResponse(
            DisputeDocument(dispute, record: record, responseDays: service.policy.disputeResponseDays), status: .created
        )
    }

    @Sendable func review(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let (subject, _) = try me(context)
        let agency = try context.parameters.require("agency")
        guard service.policy.agency(agency) != nil else { throw APIError.notFound("there is no agency '\(agency)'") }
        struct Body: Decodable { var stars: Int; var comment: String? }
        var request = request
        let body = try await request.decode(Body.self, limit: service.limits.maxBodyBytes)
        guard (1...5).contains(body.stars) else {
            throw APIError.badRequest("invalid-stars", "stars must be from 1 to 5, not \(body.stars)")
        }
        let comment = body.comment ?? ""
        guard comment.count <= 2000 else {
            throw APIError.badRequest("comment-too-long", "keep the comment under 2000 characters")
        }
        try await service.store.addReview(
            agency: agency, subject: subject, stars: body.stars, comment: comment,
            at: service.clock())
        return try jsonResponse(["agency": agency, "stars": String(body.stars)], status: .created)
    }

    @Sendable func attest(_ request: Request, context: CandorRequestContext) async throws -> Response {
        let (subject, accessor) = try me(context)
        struct Body: Decodable { var days: Int?; var onNoRestrictionList: Bool? }
        var request = request
        let bytes = try await request.bytes(limit: service.limits.maxBodyBytes)
        var body = Body()
        if bytes.readableBytes > 0 {
            do {
                body = try JSONDecoder().decode(Body.self, from: Data(bytes.readableBytesView))
            } catch let error as DecodingError {
                throw APIError.badRequest("invalid-body", describe(error))
            }
        }
        let days = body.days ?? 30
        guard (1...365).contains(days) else {
            throw APIError.badRequest("invalid-days", "an attestation is valid for 1 to 365 days, not \(days)")
        }
        let day = service.today()
        let signer = service.signer
        let wantsNoList = body.onNoRestrictionList ?? false
        let result = try await withRating(subject, accessor, action: "create attestation") {
            rating, _ -> Result<(String, AttestationClaims), APIError> in
            if wantsNoList && !rating.listings.isEmpty {
                return .failure(
                    APIError.conflict(
                        "listed",
                        "you are on \(rating.listings.map(\.list.title).joined(separator: ", ")); "
                            + "an attestation cannot say otherwise"))
            }
            let claims = AttestationClaims(
                subject: subject.text, tier: rating.tier.id, tierTitle: rating.tier.title,
                onNoRestrictionList: wantsNoList ? true : nil, asOf: day, validUntil: day.adding(days: days - 1),
                policy: rating.policy)
            return .success((try signer.sign(claims), claims))
        }
        let (token, claims) = try result.get()
        struct Issued: Encodable { var token: String; var claims: AttestationClaims }
        return try jsonResponse(Issued(token: token, claims: claims), status: .created)
    }
}

/// An access log entry as the API shows it.
struct AccessEntryView: Encodable {
    var sequence: Int64
    var at: Date
    var subject: String
    var actor, purpose, action, answer, hash: String

    init(_ entry: AccessEntry) {
        sequence = entry.sequence
        at = entry.at
        subject = entry.subject.text
        actor = entry.actor
        purpose = entry.purpose
        action = entry.action
        answer = entry.answer
        hash = entry.hash
    }
}

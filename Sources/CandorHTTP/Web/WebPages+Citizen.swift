import CandorCore
import Foundation
import Hummingbird

/// The citizen app: a subject signed in with their key sees their rating and why, and acts on it.
extension WebPages {
    func addCitizenRoutes(to router: Router<CandorRequestContext>) {
        router.get("/app") { request, _ in try await citizenPage(request, message: nil, attestation: nil) }
        router.post("/app/dispute") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .subject, purpose: Self.citizenPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            let grant = session.grant!
            guard let id = form.value("record").flatMap(Int64.init),
                let record = try await service.store.record(id: id),
                record.subject == grant.subject
            else {
                return try await citizenPage(
                    request, message: nil, attestation: nil, error: "That is not one of your records.")
            }
            let dispute = try await service.openDispute(
                on: record, accessor: Accessor(actor: grant.actor, purpose: "own file"))
            let deadline = dispute.deadline(responseDays: service.policy.disputeResponseDays)
            return try await citizenPage(
                request,
                message:
                    "Dispute \(dispute.id) opened on record \(record.reference). The agency must answer by \(deadline).",
                attestation: nil)
        }
        router.post("/app/review") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .subject, purpose: Self.citizenPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            guard let agency = form.value("agency"), service.policy.agency(agency) != nil,
                let stars = form.value("stars").flatMap(Int.init), (1...5).contains(stars)
            else {
                return try await citizenPage(
                    request, message: nil, attestation: nil, error: "Choose an agency and 1 to 5 stars.")
            }
            try await service.store.addReview(
                agency: agency, subject: session.grant!.subject!, stars: stars,
                comment: String((form["comment"] ?? "").prefix(2000)), at: service.clock())
            return try await citizenPage(
                request, message: "Thank you: your review of \(agency) is on the agency board.", attestation: nil)
        }
        router.post("/app/attestation") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .subject, purpose: Self.citizenPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            let days = form.value("days").flatMap(Int.init) ?? 30
            guard (1...365).contains(days) else {
                return try await citizenPage(
                    request, message: nil, attestation: nil, error: "An attestation lasts 1 to 365 days.")
            }
            let grant = session.grant!, subject = grant.subject!
            let wantsNoList = form.value("noList") != nil
            let engine = service.engine, signer = service.signer, day = service.today()
            let token = try await service.store.access(subject, at: service.clock()) { file -> (String?, AccessNote) in
                let rating = engine.rate(subject, records: file.records, disputes: file.disputes, asOf: day)
                let note = AccessNote(
                    Accessor(actor: grant.actor, purpose: "own file"), action: "create attestation", answer: "shown")
                if wantsNoList && !rating.listings.isEmpty { return (nil, note) }
                let claims = AttestationClaims(
                    subject: subject.text, tier: rating.tier.id, tierTitle: rating.tier.title,
                    onNoRestrictionList: wantsNoList ? true : nil, asOf: day, validUntil: day.adding(days: days - 1),
                    policy: rating.policy)
                return (try signer.sign(claims), note)
            }
            guard let token else {
                return try await citizenPage(
                    request, message: nil, attestation: nil,
                    error: "You are on a restriction list, so an attestation cannot say otherwise.")
            }
            return try await citizenPage(request, message: "Your attestation is ready below.", attestation: token)
        }
    }

    static let citizenPurpose = "My rating needs your subject key."

    func citizenPage(_ request: Request, message: String?, attestation: String?, error: String? = nil) async throws
        -> Response
    {
        let (session, signIn) = try await requireSession(request, role: .subject, purpose: Self.citizenPurpose)
        if let signIn { return signIn }
        let grant = session.grant!
        guard let subject = grant.subject else { throw APIError.forbidden("this subject key names no subject") }
        let engine = service.engine, policy = service.policy, day = service.today()
        let accessor = Accessor(actor: grant.actor, purpose: "own file")
        let (rating, file) = try await service.store.access(subject, at: service.clock()) { file in
            (
                (engine.rate(subject, records: file.records, disputes: file.disputes, asOf: day), file),
                AccessNote(accessor, action: "read rating", answer: "shown")
            )
        }
        let name = try await service.store.name(of: subject)
        let log = try await service.store.accessLog(subject: subject, after: 0, limit: 1000)
        var whatIf: [String: Any]?
        if let id = request.uri.queryParameters["whatif"].flatMap({ Int64(String($0)) }),
            let change = Hypothesis(rawValue: request.uri.queryParameters["change"].map(String.init) ?? "fulfilled"),
            let after = engine.whatIf(
                subject, records: file.records, disputes: file.disputes, recordID: id,
                hypothesis: change, asOf: day)
        {
            whatIf = [
                "record": id, "change": change.rawValue, "beforeScore": rating.score, "afterScore": after.score,
                "beforeTier": rating.tier.title, "afterTier": after.tier.title,
                "afterLists": after.listings.isEmpty
                    ? "none" : after.listings.map(\.list.title).joined(separator: ", "),
            ]
        }
        let records = Dictionary(uniqueKeysWithValues: file.records.map { ($0.id, $0) })
        let explanation = RatingExplanation(rating, name: name, policy: policy)
        return try await render("app", "My rating", request, session: session) { session in
            var context: [String: Any] = [
                "name": name ?? "Your file", "subject": subject.text, "score": rating.score, "tier": rating.tier.title,
                "asOf": day.iso, "base": rating.base,
                "historyChart": ScoreHistoryChart(file: file, engine: engine, today: day).svg,
                "lists": explanation.lists.map { listing -> [String: Any] in
                    [
                        "title": listing.title, "since": listing.since.iso, "until": listing.until.iso,
                        "legalBasis": listing.legalBasis, "remedy": listing.remedy,
                        "restricts": listing.restricts.map(\.title).joined(separator: "; "),
                    ]
                },
                "contributions": explanation.contributions.map { item -> [String: Any] in
                    [
                        "record": item.record, "kindTitle": item.kindTitle, "agency": item.agency,
                        "reference": item.reference, "occurred": item.occurred.iso, "points": formatPoints(item.points),
                        "status": item.status, "rule": item.rule, "effectEnds": item.effectEnds?.iso ?? "—",
                        "csrf": session.csrf(secret: service.formSecret),
                    ]
                },
                "disputes": file.disputes.map { dispute -> [String: Any] in
                    [
                        "id": dispute.id, "record": dispute.recordID,
                        "reference": records[dispute.recordID]?.reference ?? "",
                        "opened": dispute.opened.iso,
                        "deadline": dispute.deadline(responseDays: policy.disputeResponseDays).iso,
                        "state": dispute.answer.map { "\($0.rawValue) on \(dispute.answered?.iso ?? "")" }
                            ?? "awaiting the answer",
                    ]
                },
                "accessLog": log.reversed().map { entry -> [String: Any] in
                    [
                        "at": entry.at.formatted(.iso8601), "actor": entry.actor, "purpose": entry.purpose,
                        "action": entry.action, "answer": entry.answer,
                    ]
                },
                "agencies": policy.agencies.map { ["id": $0.id, "title": $0.title] },
            ]
            if let message { context["message"] = message }
            if let error { context["error"] = error }
            if let attestation { context["attestation"] = attestation }
            if let whatIf { context["whatIf"] = whatIf }
            return context
        }
    }
}

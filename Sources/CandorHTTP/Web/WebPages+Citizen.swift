import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// The citizen app: a subject signed in with their key sees their rating and why, and acts on it.
extension WebPages {
    func addCitizenRoutes(to router: Router<CandorRequestContext>) {
        router.get("/app") { request, _ in try await citizenPage(request, message: nil, attestation: nil) }
        router.post("/app/dispute") { request, _ in
            try await citizenAction(request) { form, caller in
                guard let id = form.value("record").flatMap(Int64.init) else {
                    throw RegistryError.invalid(code: "record-required", field: "record", message: "choose a record")
                }
                guard let ground = Dispute.Ground(rawValue: form.value("ground") ?? "error") else {
                    throw RegistryError.invalid(code: "invalid-ground", field: "ground", message: "choose a ground")
                }
                let (dispute, record) = try await service.openDispute(
                    record: id, reason: form["reason"] ?? "", ground: ground, policeReport: form["policeReport"],
                    by: caller)
                let deadline = dispute.deadline(responseDays: service.policy.disputeResponseDays)
                return "Dispute \(dispute.id) opened on record \(record.reference). "
                    + "The agency must answer by \(deadline)."
            }
        }
        router.post("/app/appeal") { request, _ in
            try await citizenAction(request) { form, caller in
                guard let id = form.value("dispute").flatMap(Int64.init) else {
                    throw RegistryError.invalid(code: "dispute-required", field: "dispute", message: "choose a dispute")
                }
                let (appealed, _) = try await service.appeal(dispute: id, reason: form["reason"] ?? "", by: caller)
                let deadline = appealed.appeal!.deadline(reviewDays: service.policy.dueProcess.reviewDays)
                return "Your appeal of dispute \(id) is with a reviewer, who decides by \(deadline)."
            }
        }
        router.post("/app/repair") { request, _ in
            try await citizenAction(request) { form, caller in
                guard let id = form.value("record").flatMap(Int64.init) else {
                    throw RegistryError.invalid(code: "record-required", field: "record", message: "choose a record")
                }
                let (repair, record) = try await service.applyForRepair(
                    record: id, commitment: form["commitment"] ?? "", by: caller)
                let deadline = repair.deadline(under: service.policy)
                return "Your application to repair record \(record.reference) is with \(record.agency), which "
                    + "decides by \(deadline); if it does not, the record counts as repaired until it does."
            }
        }
        router.post("/app/permit") { request, _ in
            try await citizenAction(request) { form, caller in
                let choice = (form.value("choice") ?? "").split(separator: "|", maxSplits: 1).map(String.init)
                guard choice.count == 2 else {
                    throw RegistryError.invalid(
                        code: "action-required", field: "action", message: "choose what the permit is for")
                }
                guard let purpose = form.value("purpose").flatMap(Permit.Purpose.init(rawValue:)) else {
                    throw RegistryError.invalid(code: "invalid-purpose", field: "purpose", message: "choose a purpose")
                }
                guard let from = form.value("from").flatMap(Day.init(iso:)) else {
                    throw RegistryError.invalid(
                        code: "invalid-from", field: "from", message: "give the first day, YYYY-MM-DD")
                }
                guard let to = form.value("to").flatMap(Day.init(iso:)) else {
                    throw RegistryError.invalid(
                        code: "invalid-to", field: "to", message: "give the last day, YYYY-MM-DD")
                }
                let permit = try await service.applyForPermit(
                    Registry.PermitRequest(
                        list: choice[0], action: choice[1], purpose: purpose, explanation: form["explanation"] ?? "",
                        from: from, to: to), by: caller)
                return "Your permit application \(permit.id) is with "
                    + permit.agencies.joined(separator: " or ") + ", which decides; its state is shown below."
            }
        }
        router.post("/app/notices/read") { request, _ in
            try await citizenAction(request) { form, caller in
                guard let through = form.value("through").flatMap(Int64.init) else {
                    throw RegistryError.invalid(code: "through-required", field: "through", message: "no notice named")
                }
                let marked = try await service.markNoticesRead(through: through, by: caller)
                return marked == 1 ? "1 notice marked read." : "\(marked) notices marked read."
            }
        }
        router.post("/app/statement") { request, _ in
            try await citizenAction(request) { form, caller in
                guard let id = form.value("record").flatMap(Int64.init) else {
                    throw RegistryError.invalid(code: "record-required", field: "record", message: "choose a record")
                }
                let record = try await service.attachStatement(form["text"] ?? "", record: id, by: caller)
                return
                    "Your statement is attached to record \(record.reference); it is shown wherever the record is read."
            }
        }
        router.post("/app/review") { request, _ in
            try await citizenAction(request) { form, caller in
                let agency = form.value("agency") ?? ""
                guard let stars = form.value("stars").flatMap(Int.init) else {
                    throw RegistryError.invalid(code: "invalid-stars", field: "stars", message: "choose 1 to 5 stars")
                }
                try await service.review(agency: agency, stars: stars, comment: form["comment"], by: caller)
                return "Thank you: your review of \(agency) is on the agency board."
            }
        }
        router.post("/app/attestation") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .subject, purpose: Self.citizenPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            do {
                let (token, _) = try await service.attest(
                    audience: form.value("audience") ?? "", days: form.value("days").flatMap(Int.init) ?? 7,
                    onNoRestrictionList: form.value("noList") != nil, by: .key(session.grant!))
                return try await citizenPage(request, message: "Your attestation is ready below.", attestation: token)
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                return try await citizenPage(request, message: nil, attestation: nil, error: error.description)
            }
        }
    }

    /// Runs one of the citizen's form actions and shows the page with its message, or with the refusal.
    func citizenAction(
        _ request: Request, _ body: (FormBody, Caller) async throws -> String
    ) async throws -> Response {
        let (session, signIn) = try await requireSession(request, role: .subject, purpose: Self.citizenPurpose)
        if let signIn { return signIn }
        let form = try await form(request, session)
        do {
            let message = try await body(form, .key(session.grant!))
            return try await citizenPage(request, message: message, attestation: nil)
        } catch let error as RegistryError {
            if case .rateLimited = error { throw error }
            return try await citizenPage(
                request, message: nil, attestation: nil, error: error.description, typed: form)
        }
    }

    static let citizenPurpose = "My rating needs your subject key."

    /// The citizen app; after a refusal, `typed` is the form sent, whose text is shown again.
    func citizenPage(
        _ request: Request, message: String?, attestation: String?, error: String? = nil, typed: FormBody? = nil
    ) async throws -> Response {
        let (session, signIn) = try await requireSession(request, role: .subject, purpose: Self.citizenPurpose)
        if let signIn { return signIn }
        let grant = session.grant!
        guard let subject = grant.subject else { throw APIError.forbidden("this subject key names no subject") }
        let caller = Caller.key(grant)
        let policy = service.policy, day = service.today()
        let read = try await service.ownFile(action: "read rating", by: caller)
        let (rating, file, name) = (read.rating, read.file, read.name)
        let inbox = try await service.notices(before: nil, limit: 20, by: caller)
        let words = NoticeText(policy: policy)
        let log = try await service.accessLog(subject: nil, after: 0, limit: Registry.maxLogPage, by: caller)
        var whatIf: [String: Any]?
        if let id = request.uri.queryParameters["whatif"].flatMap({ Int64(String($0)) }),
            let change = Hypothesis(rawValue: request.uri.queryParameters["change"].map(String.init) ?? "fulfilled"),
            let answer = try? await service.whatIf(record: id, change: change, by: caller)
        {
            let after = answer.after
            whatIf = [
                "record": id, "change": change.rawValue, "beforeScore": rating.score, "afterScore": after.score,
                "beforeTier": rating.tier.title, "afterTier": after.tier.title,
                "afterLists": after.listings.isEmpty
                    ? "none" : after.listings.map(\.list.title).joined(separator: ", "),
            ]
        }
        let records = Dictionary(uniqueKeysWithValues: file.records.map { ($0.id, $0) })
        let explanation = read.explanation(policy: policy)
        return try await render("app", "My rating", request, session: session) { session in
            var context: [String: Any] = [
                "name": name ?? "Your file", "subject": subject.text, "score": rating.score, "tier": rating.tier.title,
                "asOf": day.iso, "base": rating.base,
                "historyChart": ScoreHistoryChart(file: file, engine: service.engine, today: day).svg,
                "lists": explanation.lists.map { listing -> [String: Any] in
                    [
                        "title": listing.title, "since": listing.since.iso, "until": listing.until.iso,
                        "legalBasis": listing.legalBasis, "remedy": listing.remedy,
                        "restricts": listing.restricts.map(\.title).joined(separator: "; "),
                        "disputedSince": listing.disputedSince?.iso ?? false,
                        "permits": explanation.permits.filter { $0.list == listing.id }.map { permit -> [String: Any] in
                            [
                                "id": permit.id, "from": permit.from.iso, "to": permit.to.iso,
                                "action": permit.actionTitle.prefix(1).lowercased() + permit.actionTitle.dropFirst(),
                            ]
                        },
                    ]
                },
                "bindings": explanation.bindings.map { binding -> [String: Any] in
                    [
                        "role": binding.role, "organisation": binding.organisationName ?? binding.organisation,
                        "code": binding.organisation, "title": binding.title, "until": binding.until.iso,
                        "denies": binding.denies.map(\.title).joined(separator: "; "), "remedy": binding.remedy,
                        "agency": binding.agencyTitle,
                        "reference": binding.reference,
                    ]
                },
                "listNotices": explanation.notices.map { notice -> [String: Any] in
                    [
                        "title": notice.title, "starts": notice.starts.iso, "remedy": notice.remedy,
                        "reference": records[notice.record]?.reference ?? String(notice.record),
                    ]
                },
                "contributions": explanation.contributions.map { item -> [String: Any] in
                    [
                        "record": item.record, "kindTitle": item.kindTitle, "agency": item.agency,
                        "reference": item.reference, "occurred": item.occurred.iso, "points": formatPoints(item.points),
                        "status": item.status.rawValue, "rule": item.rule, "effectEnds": item.effectEnds?.iso ?? "—",
                        "statement": item.statement ?? false,
                        "csrf": session.csrf(secret: formSecret),
                    ]
                },
                "disputable": explanation.contributions.filter { $0.status != .retracted }.map {
                    item -> [String: Any] in
                    [
                        "record": item.record, "reference": item.reference, "kindTitle": item.kindTitle,
                        "occurred": item.occurred.iso,
                        "selected": (typed?.value("record") ?? request.uri.queryParameters["dispute"].map(String.init))
                            == String(item.record),
                    ]
                },
                "typedReason": typed?["reason"] ?? "", "typedStatement": typed?["text"] ?? "",
                "typedPoliceReport": typed?["policeReport"] ?? "",
                "theft": typed?.value("ground") == Dispute.Ground.identityTheft.rawValue,
                "disputes": file.disputes.map { dispute -> [String: Any] in
                    let appealUntil = dispute.appealDeadline(appealDays: policy.dueProcess.appealDays)
                    let appealState = dispute.appeal.map { appeal in
                        appeal.decision.map {
                            "Appeal \($0.rawValue) on \(appeal.decided?.iso ?? ""): \(appeal.decisionReason ?? "")"
                        }
                            ?? "Appealed on \(appeal.opened.iso); a reviewer decides by "
                            + appeal.deadline(reviewDays: policy.dueProcess.reviewDays).iso
                    }
                    return [
                        "appealUntil": dispute.appeal == nil && appealUntil.map { day <= $0 } == true
                            ? appealUntil!.iso : false,
                        "appealState": appealState ?? false,
                        "id": dispute.id, "record": dispute.recordID, "ground": dispute.ground.rawValue,
                        "reason": dispute.reason, "answerReason": dispute.answerReason ?? false,
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
                "notices": inbox.notices.map { notice -> [String: Any] in
                    [
                        "at": notice.at.formatted(.iso8601), "text": words.text(notice.cause, subject: notice.subject),
                        "unread": notice.read == nil,
                    ]
                },
                "unread": inbox.unread > 0 ? inbox.unread : false, "newestNotice": inbox.notices.first?.id ?? 0,
                "repairable": file.records.compactMap { record -> [String: Any]? in
                    let earlier = file.repairs.filter { $0.recordID == record.id }
                    guard
                        case let .success(first) = Repair.firstDay(
                            applyingFor: record, earlier: earlier, policy: policy)
                    else { return nil }
                    return [
                        "record": record.id, "reference": record.reference,
                        "kindTitle": policy.kind(record.kind)?.title ?? record.kind,
                        "from": first.day <= day ? "now" : "from \(first.day.iso)",
                        "selected": typed?.value("record") == String(record.id),
                    ]
                },
                "typedCommitment": typed?["commitment"] ?? "",
                "repairs": file.repairs.map { repair -> [String: Any] in
                    let state =
                        repair.decision.map { "\($0.rawValue) on \(repair.decided?.iso ?? "")" }
                        ?? (repair.isOverdue(on: day, under: policy)
                            ? "not decided in time: the record counts as repaired until it is"
                            : "awaiting the decision")
                    return [
                        "id": repair.id, "reference": records[repair.recordID]?.reference ?? "",
                        "applied": repair.applied.iso, "deadline": repair.deadline(under: policy).iso,
                        "state": state, "reason": repair.reason ?? false, "commitment": repair.commitment,
                    ]
                },
                "permitChoices": rating.listings.flatMap { listing in
                    listing.list.permits.map { action -> [String: Any] in
                        let value = "\(listing.list.id)|\(action)"
                        return [
                            "value": value, "selected": typed?.value("choice") == value,
                            "title": (policy.actions.first { $0.id == action }?.title ?? action)
                                + " — \(listing.list.title) (at most \(listing.list.permitMaxDays) days)",
                        ]
                    }
                },
                "purposes": Permit.Purpose.allCases.map {
                    ["value": $0.rawValue, "selected": typed?.value("purpose") == $0.rawValue]
                },
                "typedExplanation": typed?["explanation"] ?? "", "typedFrom": typed?.value("from") ?? day.iso,
                "typedTo": typed?.value("to") ?? day.iso,
                "permits": file.permits.map { permit -> [String: Any] in
                    [
                        "id": permit.id, "list": policy.list(permit.list)?.title ?? permit.list,
                        "action": policy.actions.first { $0.id == permit.action }?.title ?? permit.action,
                        "from": permit.from.iso, "to": permit.to.iso, "purpose": permit.purpose.rawValue,
                        "state": permit.decision.map {
                            "\($0.rawValue) by \(permit.decidedBy ?? "") on \(permit.decided?.iso ?? "")"
                        }
                            ?? "awaiting the decision of " + permit.agencies.joined(separator: " or "),
                        "reason": permit.reason ?? false, "inForce": permit.covers(day),
                    ]
                },
            ]
            if let message { context["message"] = message }
            if let error { context["error"] = error }
            if let attestation { context["attestation"] = attestation }
            if let whatIf { context["whatIf"] = whatIf }
            context["hasPermitChoices"] = !((context["permitChoices"] as? [Any])?.isEmpty ?? true)
            context["hasRepairable"] = !((context["repairable"] as? [Any])?.isEmpty ?? true)
            return context
        }
    }
}

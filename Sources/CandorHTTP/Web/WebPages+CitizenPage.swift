import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// The citizen app's page: the rating and why, the lists and their records, notices, disputes, repair,
/// permits, the access log and attestations, in the reader's language.
extension WebPages {
    /// The citizen app; after a refusal, `typed` is the form sent, whose text is shown again.
    func citizenPage(
        _ request: Request, message: String?, attestation: NewAttestation?, error: RegistryError? = nil,
        typed: FormBody? = nil
    ) async throws -> Response {
        let (session, signIn) = try await requireSession(request, role: .subject, purpose: Self.citizenPurpose)
        if let signIn { return signIn }
        let grant = session.grant!
        guard let subject = grant.subject else { throw APIError.forbidden("this subject key names no subject") }
        let caller = Caller.key(grant)
        let reader = reader(request)
        let policy = reader.policy, day = service.today()
        let read = try await service.ownFile(action: "read rating", by: caller)
        let (rating, file, name) = (read.rating, read.file, read.name)
        let inbox = try await service.notices(before: nil, limit: 20, by: caller)
        let words = NoticeText(policy: policy, language: reader.language)
        let log = try await service.accessLog(subject: nil, after: 0, limit: Registry.maxLogPage, by: caller)
        let records = Dictionary(uniqueKeysWithValues: file.records.map { ($0.id, $0) })
        var whatIf: [String: Any]?
        if let id = request.uri.queryParameters["whatif"].flatMap({ Int64(String($0)) }),
            let change = Hypothesis(rawValue: request.uri.queryParameters["change"].map(String.init) ?? "fulfilled"),
            let answer = try? await service.whatIf(record: id, change: change, by: caller)
        {
            let after = answer.after
            let titles = Dictionary(uniqueKeysWithValues: policy.lists.map { ($0.id, $0.title) })
            whatIf = [
                "reference": records[id]?.reference ?? String(id), "change": reader.say(change.rawValue),
                "beforeScore": rating.score, "afterScore": after.score,
                "beforeTier": policy.tier(rating.tier.id)?.title ?? rating.tier.title,
                "afterTier": policy.tier(after.tier.id)?.title ?? after.tier.title,
                "afterLists": after.listings.isEmpty
                    ? reader.say("none")
                    : after.listings.map { titles[$0.list.id] ?? $0.list.title }.joined(separator: reader.say(", ")),
            ]
        }
        let explanation = read.explanation(policy: policy)
        let contributions = explanation.contributions.sorted { $0.occurred > $1.occurred }
        let (errors, pageError) = reader.place(error) { typed?[$0] != nil ? $0 : nil }
        return try await render("app", "My rating", request, session: session) { session in
            var context: [String: Any] = [
                "name": name ?? reader.say("Your file"), "subject": subject.text, "score": rating.score,
                "tier": policy.tier(rating.tier.id)?.title ?? rating.tier.title, "asOf": reader.day(day),
                "base": rating.base,
                "historyChart": ScoreHistoryChart(file: file, engine: service.engine, today: day).html(reader),
                "lists": explanation.lists.map { listing -> [String: Any] in
                    [
                        "title": listing.title, "since": reader.day(listing.since), "until": reader.day(listing.until),
                        "legalBasis": listing.legalBasis, "remedy": listing.remedy,
                        "restricts": listing.restricts.map(\.title).joined(separator: reader.say("; ")),
                        "measures": listing.restricts.compactMap { action in
                            action.measure.map { ["title": action.title, "legalBasis": $0] }
                        },
                        "causes": listing.records.compactMap { records[$0] }.map { record in
                            reader.say(
                                "{{kind}} ({{agency}}, {{reference}}, {{occurred}})",
                                [
                                    "kind": policy.kind(record.kind)?.title ?? record.kind,
                                    "agency": "agency:\(record.agency)", "reference": record.reference,
                                    "occurred": "day:\(record.occurred.iso)",
                                ])
                        }.joined(separator: reader.say("; ")),
                        "disputedSince": listing.disputedSince.map(reader.day) ?? false,
                        "permits": explanation.permits.filter { $0.list == listing.id }.map { permit -> [String: Any] in
                            [
                                "id": permit.id, "from": reader.day(permit.from), "to": reader.day(permit.to),
                                "action": reader.language == .en
                                    ? permit.actionTitle.prefix(1).lowercased() + permit.actionTitle.dropFirst()
                                    : permit.actionTitle,
                            ]
                        },
                    ]
                },
                "bindings": explanation.bindings.map { binding -> [String: Any] in
                    [
                        "role": reader.say(binding.role),
                        "organisation": binding.organisationName ?? binding.organisation,
                        "code": binding.organisation, "title": binding.title, "until": reader.day(binding.until),
                        "denies": binding.denies.map(\.title).joined(separator: reader.say("; ")),
                        "remedy": binding.remedy, "agency": binding.agencyTitle, "reference": binding.reference,
                    ]
                },
                "listNotices": explanation.notices.map { notice -> [String: Any] in
                    [
                        "title": notice.title, "starts": reader.day(notice.starts), "remedy": notice.remedy,
                        "reference": records[notice.record]?.reference ?? String(notice.record),
                    ]
                },
                "contributions": contributions.map { item -> [String: Any] in
                    [
                        "record": item.record, "kindTitle": item.kindTitle,
                        "agency": policy.agency(item.agency)?.title ?? item.agency,
                        "reference": item.reference, "occurred": reader.day(item.occurred),
                        "amount": records[item.record]?.amount.map {
                            reader.say("amount {{amount}}", ["amount": Self.yuan($0)])
                        } ?? false,
                        "points": formatPoints(item.points), "status": reader.say(item.status.rawValue),
                        "rule": policy.kind(item.kind).map { RatingEngine.rule(for: $0, in: reader.language) }
                            ?? item.rule,
                        "effectEnds": item.effectEnds.map(reader.day) ?? "—",
                        "statement": item.statement ?? false,
                        "legalBasis": item.kindLegalBasis ?? false,
                        "disputable": ![.retracted, .expired, .repaired].contains(item.status),
                    ]
                },
                "disputable": contributions.filter { ![.retracted, .expired, .repaired].contains($0.status) }.map {
                    item -> [String: Any] in
                    [
                        "record": item.record, "reference": item.reference, "kindTitle": item.kindTitle,
                        "occurred": reader.day(item.occurred),
                        "selected": (typed?.value("record") ?? request.uri.queryParameters["dispute"].map(String.init))
                            == String(item.record),
                    ]
                },
                "typedReason": typed?["reason"] ?? "", "typedStatement": typed?["text"] ?? "",
                "typedPoliceReport": typed?["policeReport"] ?? "",
                "typedAudience": typed?["audience"] ?? "", "typedDays": typed?.value("days") ?? "7",
                "theft": typed?.value("ground") == Dispute.Ground.identityTheft.rawValue,
                "errors": errors,
                "disputes": file.disputes.sorted { $0.opened > $1.opened }.map { dispute -> [String: Any] in
                    let appealUntil = dispute.appealDeadline(appealDays: policy.dueProcess.appealDays)
                    let appealState = dispute.appeal.map { appeal in
                        appeal.decision.map {
                            reader.say(
                                "Appeal {{decision}} on {{day}}: {{reason}}",
                                [
                                    "decision": reader.say($0.rawValue),
                                    "day": appeal.decided.map { "day:\($0.iso)" } ?? "",
                                    "reason": appeal.decisionReason ?? "",
                                ])
                        }
                            ?? reader.say(
                                "Appealed on {{opened}}; a reviewer decides by {{deadline}}",
                                [
                                    "opened": "day:\(appeal.opened.iso)",
                                    "deadline": "day:\(appeal.deadline(reviewDays: policy.dueProcess.reviewDays).iso)",
                                ])
                    }
                    return [
                        "appealUntil": dispute.appeal == nil && appealUntil.map { day <= $0 } == true
                            ? reader.day(appealUntil!) : false,
                        "appealState": appealState ?? false,
                        "id": dispute.id, "record": dispute.recordID, "ground": reader.say(dispute.ground.rawValue),
                        "reason": dispute.reason, "answerReason": dispute.answerReason ?? false,
                        "reference": records[dispute.recordID]?.reference ?? "",
                        "opened": reader.day(dispute.opened),
                        "deadline": reader.day(dispute.deadline(responseDays: policy.disputeResponseDays)),
                        "state": dispute.answer.map {
                            reader.say(
                                "{{answer}} on {{day}}",
                                [
                                    "answer": reader.say($0.rawValue),
                                    "day": dispute.answered.map { "day:\($0.iso)" } ?? "",
                                ])
                        } ?? reader.say("awaiting the answer"),
                    ]
                },
                "accessLog": log.reversed().map { entry -> [String: Any] in
                    [
                        "at": reader.time(entry.at), "actor": entry.actor, "purpose": entry.purpose,
                        "action": entry.action, "answer": entry.answer,
                    ]
                },
                "agencies": policy.agencies.map { ["id": $0.id, "title": $0.title] },
                "notices": inbox.notices.map { notice -> [String: Any] in
                    [
                        "at": reader.time(notice.at), "text": words.text(notice.cause, subject: notice.subject),
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
                        "from": first.day <= day
                            ? reader.say("now") : reader.say("from {{day}}", ["day": "day:\(first.day.iso)"]),
                        "selected": typed?.value("record") == String(record.id),
                    ]
                },
                "typedCommitment": typed?["commitment"] ?? "",
                "repairs": file.repairs.map { repair -> [String: Any] in
                    let state =
                        repair.decision.map {
                            reader.say(
                                "{{answer}} on {{day}}",
                                [
                                    "answer": reader.say($0.rawValue),
                                    "day": repair.decided.map { "day:\($0.iso)" } ?? "",
                                ])
                        }
                        ?? (repair.isOverdue(on: day, under: policy)
                            ? reader.say("not decided in time: the record counts as repaired until it is")
                            : reader.say("awaiting the decision"))
                    return [
                        "id": repair.id, "reference": records[repair.recordID]?.reference ?? "",
                        "applied": reader.day(repair.applied), "deadline": reader.day(repair.deadline(under: policy)),
                        "state": state, "reason": repair.reason ?? false, "commitment": repair.commitment,
                    ]
                },
                "permitChoices": rating.listings.flatMap { listing in
                    listing.list.permits.map { action -> [String: Any] in
                        let value = "\(listing.list.id)|\(action)"
                        return [
                            "value": value, "selected": typed?.value("choice") == value,
                            "title": reader.say(
                                "{{action}} — {{list}} (at most {{days}} days)",
                                [
                                    "action": policy.actions.first { $0.id == action }?.title ?? action,
                                    "list": policy.list(listing.list.id)?.title ?? listing.list.title,
                                    "days": "\(listing.list.permitMaxDays)",
                                ]),
                        ]
                    }
                },
                "purposes": Permit.Purpose.allCases.map {
                    [
                        "value": $0.rawValue, "title": reader.say($0.rawValue),
                        "selected": typed?.value("purpose") == $0.rawValue,
                    ]
                },
                "typedExplanation": typed?["explanation"] ?? "", "typedFrom": typed?.value("from") ?? day.iso,
                "typedTo": typed?.value("to") ?? day.iso,
                "permits": file.permits.map { permit -> [String: Any] in
                    [
                        "id": permit.id, "list": policy.list(permit.list)?.title ?? permit.list,
                        "action": policy.actions.first { $0.id == permit.action }?.title ?? permit.action,
                        "from": reader.day(permit.from), "to": reader.day(permit.to),
                        "purpose": reader.say(permit.purpose.rawValue),
                        "state": permit.decision.map {
                            reader.say(
                                Words(
                                    "{{decision}} by {{agency}} on {{day}}",
                                    [
                                        "decision": reader.say($0.rawValue),
                                        "agency": "agency:\(permit.decidedBy ?? "")",
                                        "day": permit.decided.map { "day:\($0.iso)" } ?? "",
                                    ]))
                        }
                            ?? reader.say(
                                Words(
                                    "awaiting the decision of {{agencies}}",
                                    ["agencies": "agencies:" + permit.agencies.joined(separator: ",")])),
                        "reason": permit.reason ?? false, "inForce": permit.covers(day),
                    ]
                },
            ]
            if let message { context["message"] = message }
            if let pageError { context["error"] = pageError }
            if let attestation {
                context["attestation"] = attestationContext(attestation, reader, origin: Self.origin(of: request))
            }
            if let whatIf { context["whatIf"] = whatIf }
            context["hasPermitChoices"] = !((context["permitChoices"] as? [Any])?.isEmpty ?? true)
            context["hasRepairable"] = !((context["repairable"] as? [Any])?.isEmpty ?? true)
            context["hasDisputable"] = !((context["disputable"] as? [Any])?.isEmpty ?? true)
            return context
        }
    }

    /// An amount of money as people read it: yuan with two decimals and grouped thousands.
    static func yuan(_ amount: Double) -> String {
        let cents = Int((amount * 100).rounded())
        return "¥" + grouped(cents / 100) + String(format: ".%02d", abs(cents % 100))
    }
}

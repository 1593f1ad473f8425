import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// The counter: a provider signed in with its key enters an identifier, picks an action, and sees the
/// answer as large as a ticket counter needs.
extension WebPages {
    static let counterPurpose = "The counter needs a provider key."

    func addCounterRoutes(to router: Router<CandorRequestContext>) {
        router.get("/counter") { request, _ in
            try await counterPage(request, subject: "", action: nil, result: nil, error: nil)
        }
        router.post("/counter") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .provider, purpose: Self.counterPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            let grant = session.grant!
            let text = form.value("subject") ?? ""
            let action = form.value("action") ?? ""
            do {
                let decision = try await service.check(
                    text, action: action, purpose: form.value("purpose"), by: .key(grant))
                return try await counterPage(
                    request, subject: decision.subject.text, action: action, result: decision, error: nil)
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                return try await counterPage(
                    request, subject: text, action: action, result: nil, error: reader(request).say(error.words))
            }
        }
    }

    func counterPage(_ request: Request, subject: String, action: String?, result: CheckDecision?, error: String?)
        async throws -> Response
    {
        let (session, signIn) = try await requireSession(request, role: .provider, purpose: Self.counterPurpose)
        if let signIn { return signIn }
        let grant = session.grant!
        let reader = reader(request)
        let policy = reader.policy
        let corrections = try await service.providerNotices(before: nil, limit: 10, by: .key(grant))
        return try await render("counter", "Counter", request, session: session) { _ in
            var context: [String: Any] = [
                "label": grant.label, "purpose": grant.purposes.joined(separator: reader.say("; ")),
                "purposes": grant.purposes,
                "subject": subject,
                "actions": grant.actions.map { id -> [String: Any] in
                    let title =
                        policy.actions.first { $0.id == id }?.title ?? policy.privileges.first { $0.id == id }?.title
                        ?? id
                    return ["id": id, "title": title, "selected": id == action]
                },
            ]
            context["hasCorrections"] = !corrections.isEmpty
            context["corrections"] = corrections.map {
                ["at": reader.time($0.at), "text": $0.correction.text(policy: policy, language: reader.language)]
            }
            if let error { context["error"] = error }
            if let result {
                let document = CheckDocument(result).localized(policy)
                context["result"] =
                    [
                        "decision": document.decision, "label": reader.say(document.allowed ? "ALLOWED" : "DENIED"),
                        "actionTitle": document.actionTitle, "subject": document.subject,
                        "asOf": reader.day(document.asOf),
                        "reasons": document.reasons.map { reason -> [String: Any] in
                            var shown: [String: Any] = ["heading": reason.heading(in: reader.language)]
                            if let legalBasis = reason.legalBasis { shown["legalBasis"] = legalBasis }
                            if let measure = reason.measure { shown["measure"] = measure }
                            if let remedy = reason.remedy, !remedy.isEmpty { shown["remedy"] = remedy }
                            return shown
                        },
                    ] as [String: Any]
            }
            return context
        }
    }
}

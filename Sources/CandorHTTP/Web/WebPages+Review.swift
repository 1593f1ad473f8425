import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// The reviewer's page: the appeals waiting, both sides of each, and a decision with a reason.
extension WebPages {
    static let reviewPurpose = "Appeals are decided with a reviewer key."

    func addReviewRoutes(to router: Router<CandorRequestContext>) {
        router.get("/review") { request, _ in try await reviewPage(request, message: nil, error: nil) }
        router.post("/review/appeals/{id}") { request, context in
            let (session, signIn) = try await requireSession(request, role: .reviewer, purpose: Self.reviewPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            guard let id = Int64(try context.parameters.require("id")),
                let decision = form.value("decision").flatMap(Dispute.AppealDecision.init(rawValue:))
            else {
                return try await reviewPage(
                    request, message: nil, error: reader(request).say("Choose to overturn or to confirm."))
            }
            do {
                _ = try await service.decideAppeal(
                    id, decision: decision, reason: form["reason"] ?? "", by: .key(session.grant!))
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                return try await reviewPage(
                    request, message: nil, error: reader(request).say(error.words), typed: form, typedItem: id)
            }
            return try await reviewPage(
                request,
                message: reader(request).say(
                    "Appeal of dispute {{id}}: {{decision}}.",
                    ["id": "\(id)", "decision": reader(request).say(decision.rawValue)]),
                error: nil)
        }
    }

    func reviewPage(
        _ request: Request, message: String?, error: String?, typed: FormBody? = nil, typedItem: Int64? = nil
    ) async throws -> Response {
        let (session, signIn) = try await requireSession(request, role: .reviewer, purpose: Self.reviewPurpose)
        if let signIn { return signIn }
        let reader = reader(request)
        let policy = reader.policy
        let today = service.today()
        let appeals = try await service.openAppeals(by: .key(session.grant!))
        return try await render("review", "Appeals", request, session: session) { _ in
            var context: [String: Any] = [
                "appeals": appeals.map { dispute, record -> [String: Any] in
                    let appeal = dispute.appeal!
                    let deadline = appeal.deadline(reviewDays: policy.dueProcess.reviewDays)
                    return [
                        "id": dispute.id, "reference": record.reference,
                        "kind": policy.kind(record.kind)?.title ?? record.kind,
                        "agency": policy.agency(record.agency)?.title ?? record.agency,
                        "subject": record.subject.text, "ground": reader.say(dispute.ground.rawValue),
                        "opened": reader.day(dispute.opened), "reason": dispute.reason,
                        "answered": dispute.answered.map(reader.day) ?? "", "answerReason": dispute.answerReason ?? "—",
                        "appealed": reader.day(appeal.opened), "appealReason": appeal.reason,
                        "deadline": reader.day(deadline),
                        "typedReason": typedItem == dispute.id ? typed?["reason"] ?? "" : "",
                        "overdue": appeal.isOverdue(on: today, reviewDays: policy.dueProcess.reviewDays),
                    ]
                }
            ]
            if let message { context["message"] = message }
            if let error { context["error"] = error }
            return context
        }
    }
}

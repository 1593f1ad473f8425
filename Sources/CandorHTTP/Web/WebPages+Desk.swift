import CandorCore
import Foundation
import Hummingbird

/// The agency desk: an agency signed in with its key submits records and answers disputes.
extension WebPages {
    static let deskPurpose = "The agency desk needs an agency key."

    func addDeskRoutes(to router: Router<CandorRequestContext>) {
        router.get("/desk") { request, _ in try await deskPage(request, message: nil, error: nil) }
        router.post("/desk/records") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            let grant = session.grant!
            var fields: [String: String] = [:]
            for field in ["reference", "subject", "kind", "occurred", "amount", "legal_basis"] {
                fields[field] = form.value(field)
            }
            let decoded = RecordDecoder(defaultAgency: grant.agency).decode(RawRow(line: 1, fields: fields))
            let record: Record
            switch decoded {
            case let .success(value): record = value
            case let .failure(problem):
                return try await deskPage(
                    request, message: nil, error: "\(problem.field ?? "The form"): \(problem.message)")
            }
            if let (field, message) = SubmissionRules(policy: service.policy).problem(with: record) {
                return try await deskPage(request, message: nil, error: "\(field): \(message)")
            }
            let outcome = try await service.submit(
                [record], accessor: Accessor(actor: grant.actor, purpose: "submission"))[0]
            switch outcome {
            case let .created(id):
                service.metrics.ingested(1, outcome: "created")
                return try await deskPage(
                    request, message: "Record \(record.reference) stored as number \(id).", error: nil)
            case .unchanged:
                return try await deskPage(
                    request, message: "Record \(record.reference) was already stored.", error: nil)
            case .updated:
                return try await deskPage(request, message: "Record \(record.reference) updated.", error: nil)
            case let .refused(reason): return try await deskPage(request, message: nil, error: reason)
            }
        }
        router.post("/desk/disputes/{id}") { request, context in
            let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            let grant = session.grant!
            guard let id = Int64(try context.parameters.require("id")),
                let answer = form.value("answer").flatMap(Dispute.Answer.init(rawValue:)),
                let (dispute, record) = try await service.store.dispute(id: id), record.agency == grant.agency,
                dispute.answer == nil
            else {
                return try await deskPage(request, message: nil, error: "That dispute is not open for your agency.")
            }
            _ = try await service.answerDispute(
                id, about: record, answer: answer, on: service.today(),
                accessor: Accessor(actor: grant.actor, purpose: "dispute answer"))
            return try await deskPage(request, message: "Dispute \(id) answered: \(answer.rawValue).", error: nil)
        }
    }

    func deskPage(_ request: Request, message: String?, error: String?) async throws -> Response {
        let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
        if let signIn { return signIn }
        let grant = session.grant!
        let policy = service.policy
        let agency = policy.agency(grant.agency ?? "")
        let today = service.today()
        let disputes = try await service.store.openDisputes(agency: grant.agency ?? "")
        return try await render("desk", "Agency desk", request, session: session) { _ in
            var context: [String: Any] = [
                "agencyTitle": agency?.title ?? grant.agency ?? "",
                "kinds": (agency?.kinds ?? []).map { id in ["id": id, "title": policy.kind(id)?.title ?? id] },
                "disputes": disputes.map { dispute, record -> [String: Any] in
                    let deadline = dispute.deadline(responseDays: policy.disputeResponseDays)
                    return [
                        "id": dispute.id, "reference": record.reference, "kind": record.kind,
                        "subject": record.subject.text,
                        "opened": dispute.opened.iso, "deadline": deadline.iso, "overdue": today >= deadline,
                    ]
                },
            ]
            if let message { context["message"] = message }
            if let error { context["error"] = error }
            return context
        }
    }
}

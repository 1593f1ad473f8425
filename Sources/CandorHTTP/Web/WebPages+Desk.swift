import CandorCore
import CandorRegistry
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
            var fields: [String: String] = [:]
            for field in ["reference", "subject", "kind", "occurred", "amount", "legal_basis"] {
                fields[field] = form.value(field)
            }
            let report: SubmissionReport
            do {
                report = try await service.submit([.success(RawRow(line: 1, fields: fields))], by: .key(session.grant!))
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                return try await deskPage(request, message: nil, error: error.description)
            }
            let item = report.items[0]
            let reference = fields["reference"] ?? ""
            switch item.status {
            case .created:
                return try await deskPage(
                    request, message: "Record \(reference) stored as number \(item.record ?? 0).", error: nil)
            case .unchanged:
                return try await deskPage(request, message: "Record \(reference) was already stored.", error: nil)
            case .updated: return try await deskPage(request, message: "Record \(reference) updated.", error: nil)
            case .refused:
                return try await deskPage(
                    request, message: nil,
                    error: (item.field.map { "\($0): " } ?? "") + (item.message ?? "refused"))
            }
        }
        router.post("/desk/changes") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            let grant = session.grant!
            let reference = form.value("reference") ?? ""
            let fulfilled = form.value("change") != "retracted"
            do {
                var date: Day?
                if let text = form.value("date"), !text.isEmpty {
                    guard let day = Day(iso: text) else {
                        throw RegistryError.invalid(
                            code: "invalid-date", field: "date", message: "give a date as YYYY-MM-DD")
                    }
                    date = day
                }
                let changed = try await service.change(
                    agency: grant.agency ?? "", reference: reference, fulfilled: fulfilled, date: date, by: .key(grant))
                let what = fulfilled ? "fulfilled" : "retracted"
                let message =
                    changed.updated
                    ? "Record \(reference) is now \(what) as of \(changed.date)."
                    : "Record \(reference) was already \(what)."
                return try await deskPage(request, message: message, error: nil)
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                return try await deskPage(request, message: nil, error: error.description, typed: form)
            }
        }
        router.post("/desk/disputes/{id}") { request, context in
            let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            guard let id = Int64(try context.parameters.require("id")),
                let answer = form.value("answer").flatMap(Dispute.Answer.init(rawValue:))
            else {
                return try await deskPage(request, message: nil, error: "Choose an answer to the dispute.")
            }
            do {
                _ = try await service.answerDispute(
                    id, answer: answer, reason: form["reason"] ?? "", date: nil, by: .key(session.grant!))
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                return try await deskPage(request, message: nil, error: error.description)
            }
            return try await deskPage(request, message: "Dispute \(id) answered: \(answer.rawValue).", error: nil)
        }
    }

    /// The desk; after a refusal, `typed` is the form sent, whose values are shown again.
    func deskPage(_ request: Request, message: String?, error: String?, typed: FormBody? = nil) async throws
        -> Response
    {
        let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
        if let signIn { return signIn }
        let grant = session.grant!
        let policy = service.policy
        let agency = policy.agency(grant.agency ?? "")
        let today = service.today()
        let disputes = try await service.openDisputes(by: .key(grant))
        return try await render("desk", "Agency desk", request, session: session) { _ in
            var context: [String: Any] = [
                "agencyTitle": agency?.title ?? grant.agency ?? "",
                "kinds": (agency?.kinds ?? []).map { id in ["id": id, "title": policy.kind(id)?.title ?? id] },
                "disputes": disputes.map { dispute, record, statement -> [String: Any] in
                    let deadline = dispute.deadline(responseDays: policy.disputeResponseDays)
                    return [
                        "id": dispute.id, "reference": record.reference, "kind": record.kind,
                        "subject": record.subject.text,
                        "opened": dispute.opened.iso, "deadline": deadline.iso, "ground": dispute.ground.rawValue,
                        "reason": dispute.reason, "policeReport": dispute.policeReport ?? false,
                        "statement": statement ?? false,
                        "overdue": dispute.isOverdue(on: today, responseDays: policy.disputeResponseDays),
                    ]
                },
            ]
            context["typedReference"] = typed?.value("reference") ?? ""
            context["typedDate"] = typed?.value("date") ?? ""
            context["typedRetracted"] = typed?.value("change") == "retracted"
            if let message { context["message"] = message }
            if let error { context["error"] = error }
            return context
        }
    }
}

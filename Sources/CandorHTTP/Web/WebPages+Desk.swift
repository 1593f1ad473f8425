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
                return try await deskPage(
                    request, message: nil, error: error.description, typed: form, typedItem: "/desk/records")
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
                    error: (item.field.map { "\($0): " } ?? "") + (item.message ?? "refused"), typed: form,
                    typedItem: "/desk/records")
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
                return try await deskPage(
                    request, message: nil, error: error.description, typed: form, typedItem: "/desk/changes")
            }
        }
        router.post("/desk/officers") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            let reference = form.value("reference") ?? ""
            do {
                if form.value("change") == "end" {
                    var day: Day?
                    if let text = form.value("ended") {
                        guard let parsed = Day(iso: text) else {
                            throw RegistryError.invalid(
                                code: "invalid-date", field: "ended", message: "give a date as YYYY-MM-DD")
                        }
                        day = parsed
                    }
                    let (role, updated) = try await service.endRole(
                        reference: reference, on: day, by: .key(session.grant!))
                    let message =
                        updated
                        ? "Role \(reference) ends on \(role.ended?.iso ?? ""): the person is no longer bound by it from that day."
                        : "Role \(reference) already ended on \(role.ended?.iso ?? "")."
                    return try await deskPage(request, message: message, error: nil)
                }
                var fields: [String: String] = [:]
                for field in ["reference", "organisation", "person", "role", "started"] {
                    fields[field] = form.value(field)
                }
                let report = try await service.submitOfficers(
                    [.success(RawRow(line: 1, fields: fields))], by: .key(session.grant!))
                let item = report.items[0]
                guard item.status != .refused else {
                    throw RegistryError.invalid(
                        code: "refused", field: item.field, message: item.message ?? "the role was refused")
                }
                return try await deskPage(
                    request, message: "Role \(reference) recorded (\(item.status.rawValue)).", error: nil)
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                return try await deskPage(
                    request, message: nil, error: error.description, typed: form, typedItem: "/desk/officers")
            }
        }
        router.post("/desk/disputes/{id}") { request, context in
            try await deskDecision(request, context, choice: "answer", Dispute.Answer.self) {
                id, answer, form, caller in
                _ = try await service.answerDispute(
                    id, answer: answer, reason: form["reason"] ?? "", date: nil, by: caller)
                return "Dispute \(id) answered: \(answer.rawValue)."
            }
        }
        router.post("/desk/repairs/{id}") { request, context in
            try await deskDecision(request, context, choice: "decision", Repair.Decision.self) {
                id, decision, form, caller in
                _ = try await service.decideRepair(id, decision: decision, reason: form.value("reason"), by: caller)
                return "Repair application \(id) \(decision.rawValue)."
            }
        }
        router.post("/desk/permits/{id}") { request, context in
            try await deskDecision(request, context, choice: "decision", Permit.Decision.self) {
                id, decision, form, caller in
                _ = try await service.decidePermit(id, decision: decision, reason: form.value("reason"), by: caller)
                return "Permit application \(id) \(decision.rawValue)."
            }
        }
    }

    /// A clerk's answer to a dispute or decision on an application: the button pressed names the choice, and
    /// the clerk must tick that they checked the record first. A refusal shows the desk again with the reason
    /// typed kept in its form.
    func deskDecision<Choice: RawRepresentable>(
        _ request: Request, _ context: CandorRequestContext, choice field: String, _ type: Choice.Type,
        _ body: (Int64, Choice, FormBody, Caller) async throws -> String
    ) async throws -> Response where Choice.RawValue == String {
        let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
        if let signIn { return signIn }
        let form = try await form(request, session)
        guard let id = Int64(try context.parameters.require("id")) else {
            return try await deskPage(request, message: nil, error: "There is no such item.")
        }
        do {
            guard let choice = form.value(field).flatMap(Choice.init(rawValue:)) else {
                throw RegistryError.invalid(code: "choice-required", field: field, message: "choose an answer")
            }
            guard form.value("confirm") == "yes" else {
                throw RegistryError.invalid(
                    code: "confirm-required", field: "confirm",
                    message: "tick that you checked the record and read the subject's words before answering")
            }
            return try await deskPage(
                request, message: try await body(id, choice, form, .key(session.grant!)), error: nil)
        } catch let error as RegistryError {
            if case .rateLimited = error { throw error }
            return try await deskPage(
                request, message: nil, error: error.description, typed: form, typedItem: "\(request.uri.path)")
        }
    }

    /// The desk; after a refusal, `typed` is the form sent, whose values are shown again (in the form posted
    /// to `typedItem`, for an answer or decision).
    func deskPage(
        _ request: Request, message: String?, error: String?, typed: FormBody? = nil, typedItem: String? = nil
    ) async throws -> Response {
        let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
        if let signIn { return signIn }
        let grant = session.grant!
        let caller = Caller.key(grant)
        let policy = service.policy
        let agency = policy.agency(grant.agency ?? "")
        let today = service.today()
        let disputes = try await service.openDisputes(by: caller)
        let repairs = try await service.openRepairs(by: caller)
        let permits = try await service.openPermits(by: caller)
        let query = request.uri.queryParameters["find"].map(String.init) ?? ""
        let found = query.isEmpty ? nil : try await service.findOwnRecords(query, by: caller)
        /// The reason typed into the form posted to `action`, when that form was refused.
        func typedReason(_ action: String) -> String { typedItem == action ? typed?["reason"] ?? "" : "" }
        return try await render("desk", "Agency desk", request, session: session) { _ in
            var context: [String: Any] = [
                "agencyTitle": agency?.title ?? grant.agency ?? "",
                "disputes": disputes.map { dispute, record, statement -> [String: Any] in
                    let deadline = dispute.deadline(responseDays: policy.disputeResponseDays)
                    return [
                        "id": dispute.id, "reference": record.reference, "kind": record.kind,
                        "subject": record.subject.text,
                        "opened": dispute.opened.iso, "deadline": deadline.iso, "ground": dispute.ground.rawValue,
                        "reason": dispute.reason, "policeReport": dispute.policeReport ?? false,
                        "statement": statement ?? false,
                        "overdue": dispute.isOverdue(on: today, responseDays: policy.disputeResponseDays),
                        "typedReason": typedReason("/desk/disputes/\(dispute.id)"),
                    ]
                },
                "repairs": repairs.map { repair, record, statement -> [String: Any] in
                    [
                        "id": repair.id, "reference": record.reference,
                        "kind": policy.kind(record.kind)?.title ?? record.kind,
                        "subject": record.subject.text, "applied": repair.applied.iso,
                        "deadline": repair.deadline(under: policy).iso, "commitment": repair.commitment,
                        "fulfilled": record.fulfilled?.iso ?? "—", "statement": statement ?? false,
                        "overdue": repair.isOverdue(on: today, under: policy),
                        "typedReason": typedReason("/desk/repairs/\(repair.id)"),
                    ]
                },
                "permits": permits.map { permit -> [String: Any] in
                    [
                        "id": permit.id, "subject": permit.subject.text,
                        "list": policy.list(permit.list)?.title ?? permit.list,
                        "action": policy.actions.first { $0.id == permit.action }?.title ?? permit.action,
                        "purpose": permit.purpose.rawValue, "explanation": permit.explanation,
                        "from": permit.from.iso, "to": permit.to.iso, "applied": permit.applied.iso,
                        "typedReason": typedReason("/desk/permits/\(permit.id)"),
                    ]
                },
                "query": query,
            ]
            if let found {
                context["found"] = found.sorted { ($0.occurred, $0.id) > ($1.occurred, $1.id) }.map {
                    record -> [String: Any] in
                    [
                        "reference": record.reference, "subject": record.subject.text,
                        "kind": policy.kind(record.kind)?.title ?? record.kind, "occurred": record.occurred.iso,
                        "state": record.retracted.map { "retracted \($0.iso)" }
                            ?? record.fulfilled.map { "fulfilled \($0.iso)" } ?? "unresolved",
                        "open": record.retracted == nil && record.fulfilled == nil,
                    ]
                }
                context["foundNone"] = found.isEmpty
                context["foundAny"] = !found.isEmpty
            }
            // A refused change, or a refused submission, shows its fields again.
            let change = typedItem == "/desk/changes" ? typed : nil
            context["typedReference"] =
                change?.value("reference") ?? request.uri.queryParameters["reference"].map(String.init) ?? ""
            context["typedDate"] = change?.value("date") ?? ""
            context["typedRetracted"] = change?.value("change") == "retracted"
            let officer = typedItem == "/desk/officers" ? typed : nil
            for field in ["reference", "organisation", "person", "started", "ended"] {
                context["officer_" + field] = officer?[field] ?? ""
            }
            context["roles"] = Officer.Role.allCases.map { role -> [String: Any] in
                ["value": role.rawValue, "title": role.title, "selected": officer?.value("role") == role.rawValue]
            }
            context["endingRole"] = officer?.value("change") == "end"
            let submitted = typedItem == "/desk/records" ? typed : nil
            for field in ["subject", "occurred", "amount", "legal_basis"] {
                context["typed_" + field] = submitted?[field] ?? ""
            }
            context["typedSubmitReference"] = submitted?["reference"] ?? ""
            context["kinds"] = (agency?.kinds ?? []).map { id -> [String: Any] in
                ["id": id, "title": policy.kind(id)?.title ?? id, "selected": submitted?.value("kind") == id]
            }
            if let message { context["message"] = message }
            if let error { context["error"] = error }
            return context
        }
    }
}

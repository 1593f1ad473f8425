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
                    request, message: nil, error: reader(request).say(error.words), field: error.field, typed: form,
                    typedItem: "/desk/records")
            }
            let item = report.items[0]
            let reference = fields["reference"] ?? ""
            switch item.status {
            case .created:
                return try await deskPage(
                    request,
                    message: reader(request).say(
                        "Record {{reference}} stored as number {{number}}.",
                        ["reference": reference, "number": "\(item.record ?? 0)"]), error: nil)
            case .unchanged:
                return try await deskPage(
                    request,
                    message: reader(request).say("Record {{reference}} was already stored.", ["reference": reference]),
                    error: nil)
            case .updated:
                return try await deskPage(
                    request, message: reader(request).say("Record {{reference}} updated.", ["reference": reference]),
                    error: nil)
            case .refused:
                let reader = reader(request)
                return try await deskPage(
                    request, message: nil,
                    error: item.words.map(reader.say) ?? reader.say(item.message ?? "refused"), field: item.field,
                    typed: form,
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
                let reader = reader(request)
                let what = reader.say(fulfilled ? "fulfilled" : "retracted")
                let message =
                    changed.updated
                    ? reader.say(
                        "Record {{reference}} is now {{what}} as of {{day}}.",
                        ["reference": reference, "what": what, "day": "day:\(changed.date.iso)"])
                    : reader.say("Record {{reference}} was already {{what}}.", ["reference": reference, "what": what])
                return try await deskPage(request, message: message, error: nil)
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                return try await deskPage(
                    request, message: nil, error: reader(request).say(error.words), field: error.field, typed: form,
                    typedItem: "/desk/changes")
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
                    let values = ["reference": reference, "day": role.ended.map { "day:\($0.iso)" } ?? ""]
                    let message =
                        updated
                        ? reader(request).say(
                            "Role {{reference}} ends on {{day}}: the person is no longer bound by it from that day.",
                            values)
                        : reader(request).say("Role {{reference}} already ended on {{day}}.", values)
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
                        code: "refused", field: item.field,
                        message: item.words ?? item.message.map { Words($0) } ?? "the role was refused")
                }
                return try await deskPage(
                    request,
                    message: reader(request).say(
                        "Role {{reference}} recorded ({{status}}).",
                        ["reference": reference, "status": reader(request).say(item.status.rawValue)]), error: nil)
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                return try await deskPage(
                    request, message: nil, error: reader(request).say(error.words), field: error.field, typed: form,
                    typedItem: "/desk/officers")
            }
        }
        router.post("/desk/disputes/{id}") { request, context in
            try await deskDecision(request, context, choice: "answer", Dispute.Answer.self) {
                id, answer, form, caller in
                _ = try await service.answerDispute(
                    id, answer: answer, reason: form["reason"] ?? "", date: nil, by: caller)
                return Words("Dispute {{id}} answered: {{answer}}.", ["id": "\(id)", "answer": answer.rawValue])
            }
        }
        router.post("/desk/repairs/{id}") { request, context in
            try await deskDecision(request, context, choice: "decision", Repair.Decision.self) {
                id, decision, form, caller in
                _ = try await service.decideRepair(id, decision: decision, reason: form.value("reason"), by: caller)
                return Words("Repair application {{id}} {{decision}}.", ["id": "\(id)", "decision": decision.rawValue])
            }
        }
        router.post("/desk/permits/{id}") { request, context in
            try await deskDecision(request, context, choice: "decision", Permit.Decision.self) {
                id, decision, form, caller in
                _ = try await service.decidePermit(id, decision: decision, reason: form.value("reason"), by: caller)
                return Words("Permit application {{id}} {{decision}}.", ["id": "\(id)", "decision": decision.rawValue])
            }
        }
    }

    /// A clerk's answer to a dispute or decision on an application: the button pressed names the choice, and
    /// the clerk must tick that they checked the record first. A refusal shows the desk again with the reason
    /// typed kept in its form.
    func deskDecision<Choice: RawRepresentable>(
        _ request: Request, _ context: CandorRequestContext, choice field: String, _ type: Choice.Type,
        _ body: (Int64, Choice, FormBody, Caller) async throws -> Words
    ) async throws -> Response where Choice.RawValue == String {
        let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
        if let signIn { return signIn }
        let form = try await form(request, session)
        guard let id = Int64(try context.parameters.require("id")) else {
            return try await deskPage(request, message: nil, error: reader(request).say("There is no such item."))
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
            let words = try await body(id, choice, form, .key(session.grant!))
            let reader = reader(request)
            var values = words.values
            for (name, value) in values where name == "answer" || name == "decision" {
                values[name] = reader.say(value)
            }
            return try await deskPage(request, message: reader.say(Words(words.english, values)), error: nil)
        } catch let error as RegistryError {
            if case .rateLimited = error { throw error }
            return try await deskPage(
                request, message: nil, error: reader(request).say(error.words), field: error.field, typed: form,
                typedItem: "\(request.uri.path)")
        }
    }

    /// The desk; after a refusal, `typed` is the form sent, whose values are shown again (in the form posted
    /// to `typedItem`, for an answer or decision).
    func deskPage(
        _ request: Request, message: String?, error: String?, field: String? = nil, typed: FormBody? = nil,
        typedItem: String? = nil
    ) async throws -> Response {
        let (session, signIn) = try await requireSession(request, role: .agency, purpose: Self.deskPurpose)
        if let signIn { return signIn }
        let grant = session.grant!
        let caller = Caller.key(grant)
        let reader = reader(request)
        let policy = reader.policy
        let agency = policy.agency(grant.agency ?? "")
        let today = service.today()
        let disputes = try await service.openDisputes(by: caller)
        let repairs = try await service.openRepairs(by: caller)
        let permits = try await service.openPermits(by: caller)
        let query = request.uri.queryParameters["find"].map(String.init) ?? ""
        let found = query.isEmpty ? nil : try await service.findOwnRecords(query, by: caller)
        /// The reason typed into the form posted to `action`, when that form was refused.
        func typedReason(_ action: String) -> String { typedItem == action ? typed?["reason"] ?? "" : "" }
        /// A refusal about one field of the form posted to `action` is shown beside that field, in that form.
        let fieldError: (form: String, field: String, text: String)? = {
            guard let error, let field, let typedItem else { return nil }
            let fields: [String: [String]] = [
                "/desk/records": ["reference", "subject", "kind", "occurred", "amount", "legal_basis"],
                "/desk/changes": ["reference", "date"],
                "/desk/officers": ["reference", "organisation", "person", "role", "started", "ended", "date"],
            ]
            if typedItem.hasPrefix("/desk/disputes/") || typedItem.hasPrefix("/desk/repairs/")
                || typedItem.hasPrefix("/desk/permits/")
            {
                return (typedItem, "decision", error)
            }
            guard fields[typedItem]?.contains(field) == true else { return nil }
            return (typedItem, field == "date" && typedItem == "/desk/officers" ? "ended" : field, error)
        }()
        /// The error of the card whose form was posted to `action`, if any.
        func cardError(_ action: String) -> Any { fieldError?.form == action ? fieldError!.text : false }
        return try await render("desk", "Agency desk", request, session: session) { _ in
            var context: [String: Any] = [
                "agencyTitle": agency?.title ?? grant.agency ?? "",
                "disputes": disputes.map { dispute, record, statement -> [String: Any] in
                    let deadline = dispute.deadline(responseDays: policy.disputeResponseDays)
                    return [
                        "id": dispute.id, "reference": record.reference,
                        "kind": policy.kind(record.kind)?.title ?? record.kind, "subject": record.subject.text,
                        "occurred": reader.day(record.occurred), "amount": record.amount.map(Self.yuan) ?? false,
                        "legalBasis": record.legalBasis ?? false, "note": record.note ?? false,
                        "opened": reader.day(dispute.opened), "deadline": reader.day(deadline),
                        "ground": reader.say(dispute.ground.rawValue),
                        "reason": dispute.reason, "policeReport": dispute.policeReport ?? false,
                        "statement": statement ?? false,
                        "overdue": dispute.isOverdue(on: today, responseDays: policy.disputeResponseDays),
                        "typedReason": typedReason("/desk/disputes/\(dispute.id)"),
                        "cardError": cardError("/desk/disputes/\(dispute.id)"),
                    ]
                },
                "repairs": repairs.map { repair, record, statement -> [String: Any] in
                    [
                        "id": repair.id, "reference": record.reference,
                        "kind": policy.kind(record.kind)?.title ?? record.kind,
                        "subject": record.subject.text, "applied": reader.day(repair.applied),
                        "deadline": reader.day(repair.deadline(under: policy)), "commitment": repair.commitment,
                        "fulfilled": record.fulfilled.map(reader.day) ?? "—", "statement": statement ?? false,
                        "overdue": repair.isOverdue(on: today, under: policy),
                        "typedReason": typedReason("/desk/repairs/\(repair.id)"),
                        "cardError": cardError("/desk/repairs/\(repair.id)"),
                    ]
                },
                "permits": permits.map { permit -> [String: Any] in
                    [
                        "id": permit.id, "subject": permit.subject.text,
                        "list": policy.list(permit.list)?.title ?? permit.list,
                        "action": policy.actions.first { $0.id == permit.action }?.title ?? permit.action,
                        "purpose": reader.say(permit.purpose.rawValue), "explanation": permit.explanation,
                        "from": reader.day(permit.from), "to": reader.day(permit.to),
                        "applied": reader.day(permit.applied),
                        "typedReason": typedReason("/desk/permits/\(permit.id)"),
                        "cardError": cardError("/desk/permits/\(permit.id)"),
                    ]
                },
                "query": query,
            ]
            if let found {
                context["found"] = found.sorted { ($0.occurred, $0.id) > ($1.occurred, $1.id) }.map {
                    record -> [String: Any] in
                    [
                        "reference": record.reference, "subject": record.subject.text,
                        "kind": policy.kind(record.kind)?.title ?? record.kind, "occurred": reader.day(record.occurred),
                        "state": record.retracted.map { reader.say("retracted {{day}}", ["day": "day:\($0.iso)"]) }
                            ?? record.fulfilled.map { reader.say("fulfilled {{day}}", ["day": "day:\($0.iso)"]) }
                            ?? reader.say("unresolved"),
                        "open": record.retracted == nil && record.fulfilled == nil,
                        "live": record.retracted == nil,
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
            context["typedRetracted"] =
                (change?.value("change") ?? request.uri.queryParameters["change"].map(String.init)) == "retracted"
            let officer = typedItem == "/desk/officers" ? typed : nil
            for field in ["reference", "organisation", "person", "started", "ended"] {
                context["officer_" + field] = officer?[field] ?? ""
            }
            context["roles"] = Officer.Role.allCases.map { role -> [String: Any] in
                [
                    "value": role.rawValue, "title": reader.say(role.title),
                    "selected": officer?.value("role") == role.rawValue,
                ]
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
            if let fieldError {
                let prefix = ["/desk/records": "record", "/desk/changes": "change", "/desk/officers": "officer"]
                if let name = prefix[fieldError.form] {
                    context["errors"] = [name + "_" + fieldError.field: fieldError.text]
                }
            } else if let error {
                context["error"] = error
            }
            return context
        }
    }
}

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
                return Words(
                    "Dispute {{id}} opened on record {{reference}}. The agency must answer by {{deadline}}.",
                    ["id": "\(dispute.id)", "reference": record.reference, "deadline": "day:\(deadline.iso)"])
            }
        }
        router.post("/app/appeal") { request, _ in
            try await citizenAction(request) { form, caller in
                guard let id = form.value("dispute").flatMap(Int64.init) else {
                    throw RegistryError.invalid(code: "dispute-required", field: "dispute", message: "choose a dispute")
                }
                let (appealed, _) = try await service.appeal(dispute: id, reason: form["reason"] ?? "", by: caller)
                let deadline = appealed.appeal!.deadline(reviewDays: service.policy.dueProcess.reviewDays)
                return Words(
                    "Your appeal of dispute {{id}} is with a reviewer, who decides by {{deadline}}.",
                    ["id": "\(id)", "deadline": "day:\(deadline.iso)"])
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
                return Words(
                    "Your application to repair record {{reference}} is with {{agency}}, which decides by "
                        + "{{deadline}}; if it does not, the record counts as repaired until it does.",
                    [
                        "reference": record.reference, "agency": "agency:\(record.agency)",
                        "deadline": "day:\(deadline.iso)",
                    ])
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
                return Words(
                    "Your permit application {{id}} is with {{agencies}}, which decides; its state is shown below.",
                    ["id": "\(permit.id)", "agencies": "agencies:" + permit.agencies.joined(separator: ",")])
            }
        }
        router.post("/app/notices/read") { request, _ in
            try await citizenAction(request) { form, caller in
                guard let through = form.value("through").flatMap(Int64.init) else {
                    throw RegistryError.invalid(code: "through-required", field: "through", message: "no notice named")
                }
                let marked = try await service.markNoticesRead(through: through, by: caller)
                return marked == 1
                    ? "1 notice marked read." : Words("{{count}} notices marked read.", ["count": "\(marked)"])
            }
        }
        router.post("/app/statement") { request, _ in
            try await citizenAction(request) { form, caller in
                guard let id = form.value("record").flatMap(Int64.init) else {
                    throw RegistryError.invalid(code: "record-required", field: "record", message: "choose a record")
                }
                let record = try await service.attachStatement(form["text"] ?? "", record: id, by: caller)
                return Words(
                    "Your statement is attached to record {{reference}}; it is shown wherever the record is read.",
                    ["reference": record.reference])
            }
        }
        router.post("/app/review") { request, _ in
            try await citizenAction(request) { form, caller in
                let agency = form.value("agency") ?? ""
                guard let stars = form.value("stars").flatMap(Int.init) else {
                    throw RegistryError.invalid(code: "invalid-stars", field: "stars", message: "choose 1 to 5 stars")
                }
                try await service.review(agency: agency, stars: stars, comment: form["comment"], by: caller)
                return Words(
                    "Thank you: your review of {{agency}} is on the agency board.", ["agency": "agency:\(agency)"])
            }
        }
        router.post("/app/attestation") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .subject, purpose: Self.citizenPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session)
            do {
                let (token, claims) = try await service.attest(
                    audience: form.value("audience") ?? "", days: form.value("days").flatMap(Int.init) ?? 7,
                    onNoRestrictionList: form.value("noList") != nil, by: .key(session.grant!))
                return try await citizenPage(
                    request, message: reader(request).say("Your attestation is ready below."),
                    attestation: NewAttestation(token: token, claims: claims))
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                return try await citizenPage(request, message: nil, attestation: nil, error: error, typed: form)
            }
        }
    }

    /// Runs one of the citizen's form actions and shows the page with its message, or with the refusal.
    /// Runs one of the citizen's form actions and shows the page with its message, or with the refusal:
    /// the form's text kept, and a refusal about one field shown beside it.
    func citizenAction(
        _ request: Request, _ body: (FormBody, Caller) async throws -> Words
    ) async throws -> Response {
        let (session, signIn) = try await requireSession(request, role: .subject, purpose: Self.citizenPurpose)
        if let signIn { return signIn }
        let form = try await form(request, session)
        do {
            let message = try await body(form, .key(session.grant!))
            return try await citizenPage(request, message: reader(request).say(message), attestation: nil)
        } catch let error as RegistryError {
            if case .rateLimited = error { throw error }
            return try await citizenPage(request, message: nil, attestation: nil, error: error, typed: form)
        }
    }

    static let citizenPurpose = "My rating needs your subject key."
}

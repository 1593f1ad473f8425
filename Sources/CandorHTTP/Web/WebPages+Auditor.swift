import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// The auditor's desk: a subject looked up for a stated purpose (in the subject's log like any read), and
/// the access log page by page, whole or for one subject.
extension WebPages {
    static let auditorPurpose = "The audit pages need an auditor key."
    static let logPage = 50

    func addAuditorRoutes(to router: Router<CandorRequestContext>) {
        router.get("/audit") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .auditor, purpose: Self.auditorPurpose)
            if let signIn { return signIn }
            let caller = Caller.key(session.grant!)
            let reader = reader(request)
            let policy = reader.policy
            let query = request.uri.queryParameters
            let typedSubject = query["subject"].map(String.init) ?? ""
            let typedPurpose = query["purpose"].map(String.init) ?? ""
            var context: [String: Any] = ["typedSubject": typedSubject, "typedPurpose": typedPurpose]
            var errors: [String: String] = [:]
            if query["subject"] != nil {
                do {
                    let read = try await service.file(
                        typedSubject, purpose: typedPurpose.trimmingCharacters(in: .whitespaces), by: caller)
                    let explanation = read.explanation(policy: policy)
                    context["file"] =
                        [
                            "subject": read.name.map { "\($0) · \(read.rating.subject.text)" }
                                ?? read.rating.subject.text,
                            "score": read.rating.score,
                            "tier": policy.tier(read.rating.tier.id)?.title ?? read.rating.tier.title,
                            "asOf": reader.day(read.rating.asOf),
                            "lists": explanation.lists.isEmpty
                                ? reader.say("none")
                                : explanation.lists.map(\.title).joined(separator: reader.say("; ")),
                            "records": explanation.contributions.sorted { $0.occurred > $1.occurred }.map {
                                item -> [String: Any] in
                                [
                                    "kindTitle": item.kindTitle,
                                    "agency": policy.agency(item.agency)?.title ?? item.agency,
                                    "reference": item.reference, "occurred": reader.day(item.occurred),
                                    "points": formatPoints(item.points), "status": reader.say(item.status.rawValue),
                                    "effectEnds": item.effectEnds.map(reader.day) ?? "—",
                                ]
                            },
                        ] as [String: Any]
                } catch let error as RegistryError {
                    if case .rateLimited = error { throw error }
                    let placed = reader.place(error) {
                        ["subject": "subject", "id": "subject", "purpose": "purpose"][$0]
                    }
                    errors = placed.fields
                    if let page = placed.page { context["error"] = page }
                }
            }
            // The log: a page of entries after `after`, by default the newest page.
            let logSubject = query["logSubject"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            let size = Int64(try await service.logSize())
            // The whole log opens on its newest page; one subject's entries, which are spread through it, open
            // on their first and page forward.
            let after = max(
                0, query["after"].flatMap { Int64(String($0)) } ?? (logSubject == nil ? size - Int64(Self.logPage) : 0))
            do {
                let entries = try await service.accessLog(
                    subject: logSubject, after: after, limit: Self.logPage, by: caller)
                context["entries"] = entries.map { entry -> [String: Any] in
                    [
                        "sequence": entry.sequence, "at": reader.time(entry.at),
                        "subject": entry.subject?.text ?? reader.say("every subject"), "actor": entry.actor,
                        "purpose": entry.purpose, "action": entry.action, "answer": entry.answer,
                    ]
                }
                context["first"] = entries.first?.sequence ?? 0
                context["last"] = entries.last?.sequence ?? 0
                context["earlier"] =
                    after > 0 && logSubject == nil ? String(max(0, after - Int64(Self.logPage))) : false
                context["later"] =
                    (logSubject == nil ? (entries.last?.sequence ?? size) < size : entries.count == Self.logPage)
                    ? String(entries.last!.sequence) : false
            } catch let error as RegistryError {
                if case .rateLimited = error { throw error }
                context["error"] = reader.say(error.words)
                context["entries"] = [[String: Any]]()
            }
            context["size"] = size
            context["logSubject"] = logSubject ?? ""
            context["logQuery"] =
                logSubject.map {
                    "&logSubject=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                }
                ?? ""
            context["errors"] = errors
            let shown = context
            return try await render("audit", "Audit", request, session: session) { _ in shown }
        }
    }
}

import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// The auditor's page: a proposed policy simulated against the records, before it is published.
extension WebPages {
    static let auditPurpose = "Policy simulation needs an auditor key."

    func addAuditRoutes(to router: Router<CandorRequestContext>) {
        router.get("/simulate") { request, _ in try await simulationPage(request, text: "", result: nil, error: nil) }
        router.post("/simulate") { request, _ in
            let (session, signIn) = try await requireSession(request, role: .auditor, purpose: Self.auditPurpose)
            if let signIn { return signIn }
            let form = try await form(request, session, limit: Self.policyFormLimit)
            let text = form["policy"] ?? ""
            let report = Policy.lint(Data(text.utf8))
            guard let proposed = report.policy else {
                return try await simulationPage(
                    request, text: text, result: nil,
                    error: report.problems.map(\.description).joined(separator: " · "))
            }
            let simulation = try await service.simulate(proposed, by: .key(session.grant!))
            return try await simulationPage(request, text: text, result: simulation, error: nil)
        }
    }

    func simulationPage(_ request: Request, text: String, result: PolicySimulation?, error: String?) async throws
        -> Response
    {
        let (session, signIn) = try await requireSession(request, role: .auditor, purpose: Self.auditPurpose)
        if let signIn { return signIn }
        let reader = reader(request)
        return try await render("simulate", "Policy simulation", request, session: session) { _ in
            var context: [String: Any] = ["proposedText": text]
            if let error { context["error"] = error }
            if let simulation = result {
                let columns = simulation.proposed.tiers
                context["result"] =
                    [
                        "columns": columns.map(\.title),
                        "matrix": simulation.current.tiers.map { row -> [String: Any] in
                            [
                                "tier": row.title,
                                "counts": columns.map { grouped(simulation.transitions[row.id]?[$0.id] ?? 0) },
                            ]
                        },
                        "lists": simulation.listSizes.keys.sorted().map { id -> [String: Any] in
                            [
                                "id": id, "before": grouped(simulation.listSizes[id]!.before),
                                "after": grouped(simulation.listSizes[id]!.after),
                            ]
                        },
                        "flips": simulation.comparableActions.compactMap { action -> [String: Any]? in
                            simulation.flips[action].map {
                                [
                                    "action": action, "toAllowed": grouped($0.toAllowed),
                                    "toDenied": grouped($0.toDenied),
                                ]
                            }
                        },
                        "movedCount": grouped(simulation.moved.count),
                        "hasMoved": !simulation.movements.isEmpty, "shownMoved": simulation.movements.count,
                        "moved": simulation.movements.map { movement -> [String: Any] in
                            func tier(_ id: String, _ policy: Policy) -> String { policy.tier(id)?.title ?? id }
                            func lists(_ ids: [String]) -> String {
                                ids.isEmpty ? reader.say("none") : ids.joined(separator: ", ")
                            }
                            return [
                                "subject": movement.subject.text, "before": movement.scores.before,
                                "after": movement.scores.after,
                                "tiers": tier(movement.tiers.before, reader.policy) + " → "
                                    + tier(movement.tiers.after, simulation.proposed.localized(reader.language)),
                                "lists": lists(movement.lists.before) + " → " + lists(movement.lists.after),
                            ]
                        },
                        "chart": reader.chart(
                            BarChart.histograms(
                                title: reader.say("Score distribution: in force and proposed"),
                                [
                                    (reader.say("In force"), simulation.before.histogram, "#2f5d8a"),
                                    (reader.say("Proposed"), simulation.after.histogram, "#d9822b"),
                                ])),
                    ] as [String: Any]
            }
            return context
        }
    }
}

import CandorCore
import Foundation
import ServiceLifecycle

/// Tells subjects when a deadline passes with no answer (SPEC §6, "Notices"): a dispute the agency did not
/// answer, an appeal no reviewer decided, a repair application the agency did not decide. Once a day, each
/// item whose deadline passed since the last sweep gets a notice, written with an entry on the subject's
/// log; the day swept is kept, so a restart does not send them again (a crash between the two may send one
/// twice: at least once).
public struct DeadlineNotices: Service {
    let registry: Registry
    /// How often to look whether the day has turned.
    let interval: Duration

    public init(registry: Registry, interval: Duration = .seconds(60)) {
        self.registry = registry
        self.interval = interval
    }

    static let sweptKey = "deadline notices swept through"

    public func run() async throws {
        while !Task.isCancelled {
            do {
                try await sweep()
            } catch {
                registry.logger.warning("could not send the notices of passed deadlines: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
        }
    }

    /// Sends the notices of the deadlines passed on days after the last sweep, through yesterday; on its
    /// first run, of those passed yesterday.
    public func sweep() async throws {
        let store = registry.store
        let policy = registry.policy
        let today = registry.today()
        let swept = try await store.meta(Self.sweptKey).flatMap(Day.init(iso:)) ?? today.adding(days: -1)
        guard swept < today else { return }
        // A deadline `d` has passed on `d + 1`: those with `swept <= d < today` are new since the last sweep.
        let passed = { (deadline: Day) in swept <= deadline && deadline < today }
        var notes: [(SubjectID, AccessNote)] = []
        let accessor = Accessor(actor: "registry", purpose: "deadline notice")
        func note(_ subject: SubjectID, _ cause: NoticeCause, _ what: String) {
            notes.append((subject, AccessNote(accessor, action: what, answer: "past deadline", notices: [cause])))
        }
        for agency in policy.agencies {
            for (dispute, record) in try await store.openDisputes(agency: agency.id) {
                let deadline = dispute.deadline(responseDays: policy.disputeResponseDays)
                if passed(deadline) {
                    note(
                        record.subject, .disputeOverdue(dispute: dispute.id, deadline: deadline),
                        "dispute \(dispute.id)")
                }
            }
            for (repair, record) in try await store.openRepairs(agency: agency.id) {
                let deadline = repair.deadline(under: policy)
                if passed(deadline) {
                    note(
                        record.subject, .repairOverdue(repair: repair.id, deadline: deadline),
                        "repair application \(repair.id)")
                }
            }
        }
        for (dispute, record) in try await store.openAppeals() {
            guard let deadline = dispute.appeal?.deadline(reviewDays: policy.dueProcess.reviewDays), passed(deadline)
            else { continue }
            note(
                record.subject, .appealOverdue(dispute: dispute.id, deadline: deadline),
                "appeal of dispute \(dispute.id)")
        }
        if !notes.isEmpty { try await store.log(notes, at: registry.clock()) }
        try await store.setMeta(Self.sweptKey, today.iso)
    }
}

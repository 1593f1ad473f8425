import CandorCore
import Foundation

/// The path back in the demo city: repair applications in every state on fulfilled records, permits
/// granted, refused and awaiting a decision for people on a list, and the holder of the granted permit
/// recorded as the legal representative of a listed company, so every page shows them.
struct PathBackDemo {
    let store: any ServiceStore
    let engine: RatingEngine
    let day: Day

    /// Whether `record` is likely to serve — fulfilled and repairable a month ago, or unresolved and recent
    /// enough to list today on a list allowing permits — so that a few hundred candidates suffice. Whether it
    /// does is decided by the rules themselves (`Repair.problem`, `Permit.problem`) when it is used.
    static func isCandidate(_ record: Record, policy: Policy, on day: Day) -> Bool {
        guard record.retracted == nil, let kind = policy.kind(record.kind) else { return false }
        guard record.subject.type == .person else {
            // An organisation whose listing binds its officers.
            return record.fulfilled == nil
                && policy.lists.contains { list in
                    !list.bindsOfficers.isEmpty && list.kinds.contains(record.kind)
                        && record.occurred.adding(days: list.noticeDays) <= day.adding(days: -5)
                        && record.occurred.adding(days: list.noticeDays + list.maxDays) > day.adding(days: 30)
                }
        }
        if let after = kind.repairAfterDays, let fulfilled = record.fulfilled {
            return fulfilled <= day.adding(days: -30) && record.occurred.adding(days: after) <= day.adding(days: -30)
        }
        return record.fulfilled == nil
            && policy.lists.contains { list in
                !list.permits.isEmpty && list.kinds.contains(record.kind)
                    && record.occurred.adding(days: list.noticeDays) <= day.adding(days: -5)
                    && record.occurred.adding(days: list.noticeDays + list.maxDays) > day.adding(days: 30)
            }
    }

    func add(from candidates: [Record]) async throws {
        let subject = Accessor(actor: "subject:demo", purpose: "own file")
        var repairs = 0
        var permits = 0
        var permitHolder: SubjectID?
        var company: SubjectID?
        for candidate in candidates {
            guard let record = try await store.record(agency: candidate.agency, reference: candidate.reference) else {
                continue
            }
            do {
                if record.subject.type == .organization {
                    let listings = engine.rate(try await store.file(of: record.subject), asOf: day).listings
                    if company == nil, listings.contains(where: { !$0.list.bindsOfficers.isEmpty }) {
                        company = record.subject
                    }
                } else if record.fulfilled != nil, repairs < 4 {
                    try await repair(record, variant: repairs, by: subject)
                    repairs += 1
                } else if record.fulfilled == nil, permits < 3 {
                    let rating = engine.rate(try await store.file(of: record.subject), asOf: day.adding(days: -2))
                    guard let listing = rating.listings.first(where: { !$0.list.permits.isEmpty }),
                        rating.listings.allSatisfy({ $0.list.id == listing.list.id })
                    else { continue }
                    try await permit(listing, of: rating, variant: permits, by: subject)
                    if permits == 0 { permitHolder = record.subject }
                    permits += 1
                }
            } catch StoreError.inadmissible {
                continue  // the rules say no: another candidate serves
            }
        }
        if let permitHolder, let company {
            let role = Officer(
                agency: "market", reference: "DEMO-OFFICER-1", organisation: company, person: permitHolder,
                role: .legalRepresentative, started: day.adding(days: -900))
            guard role.problem(policy: engine.policy, today: day) == nil else { return }
            _ = try await store.submitOfficers(
                [role], at: Date(), accessor: Accessor(actor: "agency:market", purpose: "officer records"))
        }
    }

    /// A repair application granted, refused, awaiting a decision, or past its deadline.
    private func repair(_ record: Record, variant: Int, by subject: Accessor) async throws {
        let applied = day.adding(days: [-20, -25, -3, -15][variant])
        let commitments = [
            "I have performed the judgment in full and will keep to every payment plan the court sets.",
            "I paid late because of an illness; I have set up automatic payment for every future obligation.",
            "I completed the community credit course and will report any change of address within a week.",
            "The debt is settled; I ask for the record to be repaired so I can apply for a mortgage.",
        ]
        let policy = engine.policy
        let repair = try await store.applyForRepair(of: record.subject, at: Date(), accessor: subject) {
            file throws(ApplicationProblem) in
            let earlier = file.repairs.filter { $0.recordID == record.id }
            if let problem = Repair.problem(applyingFor: record, on: applied, earlier: earlier, policy: policy) {
                throw problem
            }
            return Repair(recordID: record.id, applied: applied, commitment: commitments[variant])
        }
        let agency = Accessor(actor: "agency:\(record.agency)", purpose: "repair decision")
        switch variant {
        case 0:
            _ = try await store.decideRepair(
                id: repair.id, decision: .granted, on: applied.adding(days: 4), reason: nil, at: Date(),
                accessor: agency)
        case 1:
            _ = try await store.decideRepair(
                id: repair.id, decision: .refused, on: applied.adding(days: 6),
                reason: "A second judgment against you is still unperformed; apply again once it is.", at: Date(),
                accessor: agency)
        default: break
        }
    }

    /// A permit granted for a window around today, awaiting a decision, or refused.
    private func permit(_ listing: Listing, of rating: Rating, variant: Int, by subject: Accessor) async throws {
        let list = listing.list
        let (from, to) = [
            (day.adding(days: -1), day.adding(days: 2)), (day.adding(days: 3), day.adding(days: 5)),
            (day, day.adding(days: 1)),
        ][variant]
        let explanations = [
            "My mother is in hospital in Guangzhou after a stroke; I need to travel to sign for her surgery.",
            "I sit the national civil-service examination in the provincial capital on the first day.",
            "A business trip to meet a buyer who will pay the judgment debt.",
        ]
        let (applied, policy) = (rating.asOf, engine.policy)
        let permit = try await store.applyForPermit(of: rating.subject, at: Date(), accessor: subject) {
            file throws(ApplicationProblem) in
            let draft = Permit(
                subject: rating.subject, list: list.id, action: list.permits[0],
                purpose: [.medical, .exam, .other][variant], explanation: explanations[variant], from: from, to: to,
                applied: applied, agencies: Permit.deciders(of: list.id, in: rating))
            if let problem = Permit.problem(
                applying: draft, on: applied, rating: rating, earlier: file.permits, policy: policy)
            {
                throw problem
            }
            return draft
        }
        guard variant != 1, let agency = permit.agencies.first else { return }
        _ = try await store.decidePermit(
            id: permit.id, decision: variant == 0 ? .granted : .refused, on: applied.adding(days: 1), by: agency,
            reason: variant == 0 ? nil : "A business trip is not a necessary purpose; the debt can be paid remotely.",
            at: Date(), accessor: Accessor(actor: "agency:\(agency)", purpose: "permit decision"))
    }
}

import CandorCore
import Foundation

/// A repair application as the API shows it to its subject and to the record's agency.
struct RepairDocument: Encodable {
    var id: Int64
    var subject: String
    var record: Int64
    var reference: String
    var agency: String
    var kind: String
    var applied: Day
    /// The last day the agency may decide before the application counts as granted.
    var deadline: Day
    var commitment: String
    /// `open`, `overdue` (counts as granted until decided), `granted` or `refused`.
    var state: String
    var decision: String?
    var decided: Day?
    var reason: String?
    /// The subject's statement on the record, for the agency.
    var statement: String?

    init(_ repair: Repair, record: Record, policy: Policy, today: Day, statement: String? = nil) {
        id = repair.id
        subject = record.subject.text
        self.record = record.id
        reference = record.reference
        agency = record.agency
        kind = record.kind
        applied = repair.applied
        deadline = repair.deadline(under: policy)
        commitment = repair.commitment
        state =
            repair.decision?.rawValue ?? (repair.isOverdue(on: today, under: policy) ? "overdue" : "open")
        decision = repair.decision?.rawValue
        decided = repair.decided
        reason = repair.reason
        self.statement = statement
    }
}

/// A permit application as the API shows it to its subject and to the agencies that may decide it.
struct PermitDocument: Encodable {
    var id: Int64
    var subject: String
    var list: String
    var listTitle: String
    var action: String
    var purpose: String
    var explanation: String
    var from, to, applied: Day
    /// `open`, `granted` or `refused`.
    var state: String
    /// The agencies whose records list the subject: any of them decides.
    var agencies: [String]
    var decision: String?
    var decided: Day?
    var decidedBy: String?
    var reason: String?

    init(_ permit: Permit, policy: Policy) {
        id = permit.id
        subject = permit.subject.text
        list = permit.list
        listTitle = policy.list(permit.list)?.title ?? permit.list
        action = permit.action
        purpose = permit.purpose.rawValue
        explanation = permit.explanation
        (from, to, applied) = (permit.from, permit.to, permit.applied)
        state = permit.decision?.rawValue ?? "open"
        agencies = permit.agencies
        decision = permit.decision?.rawValue
        decided = permit.decided
        decidedBy = permit.decidedBy
        reason = permit.reason
    }
}

import CandorCore

/// A dispute as the API shows it, with its deadline.
struct DisputeDocument: Encodable {
    var id: Int64
    var record: Int64
    var reference: String
    var agency: String
    var opened: Day
    var deadline: Day
    var answer: String?
    var answered: Day?
    var ground: String
    var reason: String
    var policeReport: String?
    var answerReason: String?
    var appeal: AppealView?

    /// An appeal of the answer, with the day a reviewer must decide by.
    struct AppealView: Encodable {
        var opened, deadline: Day
        var reason: String
        var decision: String?
        var decided: Day?
        var decisionReason: String?
    }

    init(_ dispute: Dispute, record: Record, policy: Policy) {
        let responseDays = policy.disputeResponseDays
        id = dispute.id
        self.record = record.id
        reference = record.reference
        agency = record.agency
        opened = dispute.opened
        deadline = dispute.deadline(responseDays: responseDays)
        answer = dispute.answer?.rawValue
        answered = dispute.answered
        ground = dispute.ground.rawValue
        reason = dispute.reason
        policeReport = dispute.policeReport
        answerReason = dispute.answerReason
        appeal = dispute.appeal.map {
            AppealView(
                opened: $0.opened, deadline: $0.deadline(reviewDays: policy.dueProcess.reviewDays), reason: $0.reason,
                decision: $0.decision?.rawValue, decided: $0.decided, decisionReason: $0.decisionReason)
        }
    }
}

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

    init(_ dispute: Dispute, record: Record, responseDays: Int) {
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
    }
}

/// The words of a notice under a policy: what happened, and what the subject can do about it. The one home
/// of the wording every door shows (the API, the citizen app).
public struct NoticeText: Sendable {
    public let policy: Policy

    public init(policy: Policy) {
        self.policy = policy
    }

    private func agency(_ id: String) -> String { policy.agency(id)?.title ?? id }
    private func action(_ id: String) -> String {
        policy.actions.first { $0.id == id }?.title ?? policy.privileges.first { $0.id == id }?.title ?? id
    }
    private func list(_ id: String) -> String { policy.list(id)?.title ?? id }

    /// The notice of `cause` in words, for `subject` when known (a person's age decides whether a record can
    /// list them).
    public func text(_ cause: NoticeCause, subject: SubjectID? = nil) -> String {
        let process = policy.dueProcess
        switch cause {
        case let .recordCreated(_, agency, reference, kindID, occurred):
            let kind = policy.kind(kindID)
            var text = "\(self.agency(agency)) recorded \(reference): \(kind?.title ?? kindID), dated \(occurred)."
            if let adulthood = subject?.adulthood, occurred < adulthood,
                policy.lists.contains(where: { $0.kinds.contains(kindID) })
            {
                text += " You were under 18 then: it counts toward your score but puts you on no list."
            } else {
                for list in policy.lists where list.kinds.contains(kindID) {
                    let (starts, ends) = list.window(occurred: occurred)
                    text +=
                        list.noticeDays > 0
                        ? " Unless it is resolved before \(starts), it puts you on the list “\(list.title)” from that "
                            + "day until \(ends) at the latest."
                        : " While it is unresolved, it puts you on the list “\(list.title)” until \(ends) at the latest."
                    text += " \(list.remedy)"
                }
            }
            text += " If it is wrong, dispute it within your app."
            if let after = kind?.repairAfterDays {
                text += " Once its obligation is met, you may apply to repair it from \(occurred.adding(days: after))."
            }
            return text
        case let .disputeOpened(dispute, record, opened, identityTheft):
            let deadline = Dispute(recordID: record, opened: opened).deadline(responseDays: policy.disputeResponseDays)
            return "Your dispute \(dispute) is with the agency, which answers by \(deadline); "
                + (identityTheft
                    ? "as you reported identity theft, the record does not count until it answers."
                    : "if it does not, the record stops counting from the day after until it does.")
        case let .disputeAnswered(dispute, record, answer, day):
            switch answer {
            case .retracted:
                return
                    "The agency answered your dispute \(dispute) on \(day): it retracted the record, which counts on no date."
            case .upheld:
                let answered = Dispute(recordID: record, opened: day, answer: .upheld, answered: day)
                return "The agency answered your dispute \(dispute) on \(day): the record stands. You may appeal to a "
                    + "reviewer by \(answered.appealDeadline(appealDays: process.appealDays)!)."
            }
        case let .appealOpened(dispute, opened):
            return "Your appeal of dispute \(dispute) is with a reviewer, who decides by "
                + "\(Dispute.Appeal(opened: opened, reason: "").deadline(reviewDays: process.reviewDays)); if not, "
                + "the record stops counting from the day after."
        case let .appealDecided(dispute, decision, day):
            return decision == .overturned
                ? "A reviewer overturned the answer to dispute \(dispute) on \(day): the record is retracted."
                : "A reviewer confirmed the answer to dispute \(dispute) on \(day): the record stands."
        case let .repairApplied(repair, record, applied):
            return "Your application \(repair) to repair a record is with the agency, which decides by "
                + "\(Repair(recordID: record, applied: applied, commitment: "").deadline(under: policy)); if not, the "
                + "record counts as repaired from the day after until it does."
        case let .repairDecided(repair, _, decision, day):
            return decision == .granted
                ? "The agency granted your application \(repair) on \(day): the record neither counts nor lists from that day."
                : "The agency refused your application \(repair) on \(day); you may apply again from "
                    + "\(day.adding(days: process.reapplyDays))."
        case let .permitApplied(permit, list, action, from, to):
            return "Your application \(permit) for a permit to \(self.action(action).lowercasedFirst) from \(from) to "
                + "\(to), despite the list “\(self.list(list))”, is with the agencies whose records list you."
        case let .permitDecided(permit, _, action, decision, day):
            return decision == .granted
                ? "Permit \(permit) was granted on \(day): a counter checking “\(self.action(action))” inside its "
                    + "window is told it is allowed."
                : "Your application \(permit) for a permit was refused on \(day); the agency's reason is with it."
        case let .disputeOverdue(dispute, deadline):
            return "The agency did not answer your dispute \(dispute) by \(deadline): the record does not count and "
                + "lists you nowhere until it answers."
        case let .appealOverdue(dispute, deadline):
            return "No reviewer decided your appeal of dispute \(dispute) by \(deadline): the record does not count "
                + "until one does."
        case let .repairOverdue(repair, deadline):
            return "The agency did not decide your application \(repair) by \(deadline): the record counts as "
                + "repaired until it does."
        case let .roleRecorded(agency, reference, organisation, role, started, ended):
            if let ended {
                return "\(self.agency(agency)) recorded that your role as \(role.title) of \(organisation) ends on "
                    + "\(ended) (\(reference)): its listings no longer bind you from that day."
            }
            return "\(self.agency(agency)) recorded you as \(role.title) of \(organisation) since \(started) "
                + "(\(reference)). While it is on a list that binds its officers, the actions that list names are "
                + "denied to you; if this is wrong, ask \(self.agency(agency)) to correct it."
        case let .checkDenied(counter, action, day, lists, organisations):
            var text = "\(counter) was refused “\(self.action(action))” for you on \(day)"
            let because =
                lists.map { "you are on the list “\(self.list($0))”" }
                + organisations.map { "an organisation you are an officer of (\($0)) is listed" }
            text += because.isEmpty ? "." : ": " + because.joined(separator: "; ") + "."
            var can: [String] = []
            if !lists.isEmpty {
                can.append("dispute a record that is wrong")
                if lists.contains(where: { policy.list($0)?.permits.contains(action) == true }) {
                    can.append("apply for a permit for a necessary purpose")
                }
                can.append("resolve the listing as its remedy says")
            }
            if !organisations.isEmpty {
                can.append("ask the agency that recorded your role to record its end, if you no longer hold it")
            }
            guard let last = can.popLast() else { return text }
            return text + " You can " + (can.isEmpty ? last : can.joined(separator: ", ") + " or " + last) + "."
        }
    }
}

extension String {
    /// The text with its first letter in lower case, for a title used inside a sentence.
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}

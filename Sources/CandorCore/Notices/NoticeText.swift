/// The words of a notice under a policy: what happened, and what the subject can do about it. The one home
/// of the wording every door shows (the API, the citizen app), in the reader's language.
public struct NoticeText: Sendable {
    public let policy: Policy
    public let language: Language

    /// Notices in `language`; `policy` should be the policy in that language (`Policy.localized`).
    public init(policy: Policy, language: Language = .en) {
        self.policy = policy
        self.language = language
    }

    private func agency(_ id: String) -> String { policy.agency(id)?.title ?? id }
    private func action(_ id: String) -> String {
        policy.actions.first { $0.id == id }?.title ?? policy.privileges.first { $0.id == id }?.title ?? id
    }
    private func list(_ id: String) -> String { policy.list(id)?.title ?? id }
    private func say(_ english: String, _ values: [String: String] = [:]) -> String { language.say(english, values) }
    private func day(_ day: Day) -> String { "day:\(day.iso)" }

    /// The notice of `cause` in words, for `subject` when known (a person's age decides whether a record can
    /// list them).
    public func text(_ cause: NoticeCause, subject: SubjectID? = nil) -> String {
        let process = policy.dueProcess
        switch cause {
        case let .recordCreated(_, agency, reference, kindID, occurred):
            let kind = policy.kind(kindID)
            var text = say(
                "{{agency}} recorded {{reference}}: {{kind}}, dated {{occurred}}.",
                [
                    "agency": self.agency(agency), "reference": reference, "kind": kind?.title ?? kindID,
                    "occurred": day(occurred),
                ])
            if let adulthood = subject?.adulthood, occurred < adulthood,
                policy.lists.contains(where: { $0.kinds.contains(kindID) })
            {
                text += " " + say("You were under 18 then: it counts toward your score but puts you on no list.")
            } else {
                for list in policy.lists where list.kinds.contains(kindID) {
                    let (starts, ends) = list.window(occurred: occurred)
                    let values = ["starts": day(starts), "ends": day(ends), "list": list.title]
                    text +=
                        " "
                        + (list.noticeDays > 0
                            ? say(
                                "Unless it is resolved before {{starts}}, it puts you on the list “{{list}}” from that "
                                    + "day until {{ends}} at the latest.", values)
                            : say(
                                "While it is unresolved, it puts you on the list “{{list}}” until {{ends}} at the latest.",
                                values))
                    text += " \(list.remedy)"
                }
            }
            text += " " + say("If it is wrong, dispute it within your app.")
            if let after = kind?.repairAfterDays {
                text +=
                    " "
                    + say(
                        "Once its obligation is met, you may apply to repair it from {{day}}.",
                        ["day": day(occurred.adding(days: after))])
            }
            return text
        case let .disputeOpened(dispute, record, opened, identityTheft):
            let deadline = Dispute(recordID: record, opened: opened).deadline(responseDays: policy.disputeResponseDays)
            let values = ["dispute": "\(dispute)", "deadline": day(deadline)]
            return identityTheft
                ? say(
                    "Your dispute {{dispute}} is with the agency, which answers by {{deadline}}; as you reported identity "
                        + "theft, the record does not count until it answers.", values)
                : say(
                    "Your dispute {{dispute}} is with the agency, which answers by {{deadline}}; if it does not, the "
                        + "record stops counting from the day after until it does.", values)
        case let .disputeAnswered(dispute, record, answer, answeredOn):
            switch answer {
            case .retracted:
                return say(
                    "The agency answered your dispute {{dispute}} on {{day}}: it retracted the record, which counts on no date.",
                    ["dispute": "\(dispute)", "day": day(answeredOn)])
            case .upheld:
                let answered = Dispute(recordID: record, opened: answeredOn, answer: .upheld, answered: answeredOn)
                return say(
                    "The agency answered your dispute {{dispute}} on {{day}}: the record stands. You may appeal to a "
                        + "reviewer by {{until}}.",
                    [
                        "dispute": "\(dispute)", "day": day(answeredOn),
                        "until": day(answered.appealDeadline(appealDays: process.appealDays)!),
                    ])
            }
        case let .appealOpened(dispute, opened):
            return say(
                "Your appeal of dispute {{dispute}} is with a reviewer, who decides by {{deadline}}; if not, the record "
                    + "stops counting from the day after.",
                [
                    "dispute": "\(dispute)",
                    "deadline": day(
                        Dispute.Appeal(opened: opened, reason: "").deadline(reviewDays: process.reviewDays)),
                ])
        case let .appealDecided(dispute, decision, decidedOn):
            let values = ["dispute": "\(dispute)", "day": day(decidedOn)]
            return decision == .overturned
                ? say(
                    "A reviewer overturned the answer to dispute {{dispute}} on {{day}}: the record is retracted.",
                    values)
                : say("A reviewer confirmed the answer to dispute {{dispute}} on {{day}}: the record stands.", values)
        case let .repairApplied(repair, record, applied):
            return say(
                "Your application {{repair}} to repair a record is with the agency, which decides by {{deadline}}; if "
                    + "not, the record counts as repaired from the day after until it does.",
                [
                    "repair": "\(repair)",
                    "deadline": day(Repair(recordID: record, applied: applied, commitment: "").deadline(under: policy)),
                ])
        case let .repairDecided(repair, _, decision, decidedOn):
            return decision == .granted
                ? say(
                    "The agency granted your application {{repair}} on {{day}}: the record neither counts nor lists from that day.",
                    ["repair": "\(repair)", "day": day(decidedOn)])
                : say(
                    "The agency refused your application {{repair}} on {{day}}; you may apply again from {{again}}.",
                    [
                        "repair": "\(repair)", "day": day(decidedOn),
                        "again": day(decidedOn.adding(days: process.reapplyDays)),
                    ])
        case let .permitApplied(permit, list, action, from, to):
            return say(
                "Your application {{permit}} for a permit to {{action}} from {{from}} to {{to}}, despite the list "
                    + "“{{list}}”, is with the agencies whose records list you.",
                [
                    "permit": "\(permit)",
                    "action": language == .en ? self.action(action).lowercasedFirst : self.action(action),
                    "from": day(from), "to": day(to), "list": self.list(list),
                ])
        case let .permitDecided(permit, _, action, decision, decidedOn):
            let values = ["permit": "\(permit)", "day": day(decidedOn), "action": self.action(action)]
            return decision == .granted
                ? say(
                    "Permit {{permit}} was granted on {{day}}: a counter checking “{{action}}” inside its window is told "
                        + "it is allowed.", values)
                : say(
                    "Your application {{permit}} for a permit was refused on {{day}}; the agency's reason is with it.",
                    values)
        case let .disputeOverdue(dispute, deadline):
            return say(
                "The agency did not answer your dispute {{dispute}} by {{deadline}}: the record does not count and lists "
                    + "you nowhere until it answers.", ["dispute": "\(dispute)", "deadline": day(deadline)])
        case let .appealOverdue(dispute, deadline):
            return say(
                "No reviewer decided your appeal of dispute {{dispute}} by {{deadline}}: the record does not count until "
                    + "one does.", ["dispute": "\(dispute)", "deadline": day(deadline)])
        case let .repairOverdue(repair, deadline):
            return say(
                "The agency did not decide your application {{repair}} by {{deadline}}: the record counts as repaired "
                    + "until it does.", ["repair": "\(repair)", "deadline": day(deadline)])
        case let .roleRecorded(agency, reference, organisation, role, started, ended):
            var values = [
                "agency": self.agency(agency), "role": say(role.title), "organisation": "\(organisation)",
                "reference": reference, "started": day(started),
            ]
            if let ended {
                values["ended"] = day(ended)
                return say(
                    "{{agency}} recorded that your role as {{role}} of {{organisation}} ends on {{ended}} ({{reference}}): "
                        + "its listings no longer bind you from that day.", values)
            }
            return say(
                "{{agency}} recorded you as {{role}} of {{organisation}} since {{started}} ({{reference}}). While it is "
                    + "on a list that binds its officers, the actions that list names are denied to you; if this is "
                    + "wrong, ask {{agency}} to correct it.", values)
        case let .checkDenied(counter, action, deniedOn, lists, organisations):
            var text = say(
                "{{counter}} was refused “{{action}}” for you on {{day}}",
                ["counter": counter, "action": self.action(action), "day": day(deniedOn)])
            let because =
                lists.map { say("you are on the list “{{list}}”", ["list": self.list($0)]) }
                + organisations.map {
                    say("an organisation you are an officer of ({{organisation}}) is listed", ["organisation": "\($0)"])
                }
            text += because.isEmpty ? say(".") : say(": ") + because.joined(separator: say("; ")) + say(".")
            var can: [String] = []
            if !lists.isEmpty {
                can.append(say("dispute a record that is wrong"))
                if lists.contains(where: { policy.list($0)?.permits.contains(action) == true }) {
                    can.append(say("apply for a permit for a necessary purpose"))
                }
                can.append(say("resolve the listing as its remedy says"))
            }
            if !organisations.isEmpty {
                can.append(say("ask the agency that recorded your role to record its end, if you no longer hold it"))
            }
            guard let last = can.popLast() else { return text }
            return text + " "
                + say(
                    "You can {{choices}}.",
                    ["choices": can.isEmpty ? last : can.joined(separator: say(", ")) + say(" or ") + last])
        }
    }
}

extension String {
    /// The text with its first letter in lower case, for a title used inside a sentence.
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}

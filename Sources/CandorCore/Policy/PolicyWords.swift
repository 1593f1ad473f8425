/// The rules of SPEC §3 and §6 a policy sets, in plain words: the one wording `candor policy show` and the
/// `/policy` page both print, generated from the policy itself, in either language.
public enum PolicyWords {
    /// Disputes and appeals.
    public static func disputes(_ policy: Policy) -> Words {
        Words(
            "Agencies answer a dispute within {{response}} days (the last day included), or the disputed record stops "
                + "counting until they do. An answer that upholds a record may be appealed within {{appeal}} days; a "
                + "reviewer decides within {{review}} days, or the record stops counting until they do.",
            [
                "response": "\(policy.disputeResponseDays)", "appeal": "\(policy.dueProcess.appealDays)",
                "review": "\(policy.dueProcess.reviewDays)",
            ])
    }

    /// Repair, when some kind allows it.
    public static func repair(_ policy: Policy) -> Words? {
        guard policy.kinds.contains(where: { $0.repairAfterDays != nil }) else { return nil }
        return Words(
            "Once its obligation is met, a record of a repairable kind may be repaired on application: the agency "
                + "decides within {{response}} days, or the record counts as repaired until it does; after a refusal, "
                + "a new application may follow {{reapply}} days later. A repaired record neither counts nor lists.",
            [
                "response": "\(policy.dueProcess.repairResponseDays)", "reapply": "\(policy.dueProcess.reapplyDays)",
            ])
    }

    /// When a record of `kind` may be repaired, if ever.
    public static func repair(_ kind: RecordKind) -> Words? {
        kind.repairAfterDays.map {
            Words("repairable once fulfilled, from {{days}} days after it occurred", ["days": "\($0)"])
        }
    }

    /// The warning period of `list`, if it has one.
    public static func notice(_ list: PolicyList) -> Words? {
        guard list.noticeDays > 0 else { return nil }
        return Words(
            "Notice first: a listing starts {{days}} days after the record, if it is still unresolved then; the "
                + "person is told, counters are not.", ["days": "\(list.noticeDays)"])
    }

    /// The one-time permits `list` allows, if any; `policy` in the language wanted.
    public static func permits(_ list: PolicyList, in policy: Policy) -> Words? {
        guard !list.permits.isEmpty else { return nil }
        let actions = list.permits.map { id in policy.actions.first { $0.id == id }?.title ?? id }
        return Words(
            "One-time permits, for a medical, funeral, exam, official or other necessary purpose: {{actions}} — at "
                + "most {{days}} days each, granted by an agency whose record lists the person.",
            ["actions": actions.joined(separator: "; "), "days": "\(list.permitMaxDays)"])
    }

    /// What `list` denies the officers of a listed organisation, if anything.
    public static func bindsOfficers(_ list: PolicyList, in policy: Policy) -> Words? {
        guard !list.bindsOfficers.isEmpty else { return nil }
        let actions = list.bindsOfficers.map { id in policy.actions.first { $0.id == id }?.title ?? id }
        return Words(
            "An organisation on this list binds its officers (its legal representative, principal, directly "
                + "responsible persons and actual controller): {{actions}} — denied to them while it is listed and "
                + "they hold the role. They are on no list, and their scores are their own.",
            ["actions": actions.joined(separator: "; ")])
    }

    /// The rule on minors, which every list follows.
    public static let minors = Words("No one is listed for what happened before their 18th birthday.")
}

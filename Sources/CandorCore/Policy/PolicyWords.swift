/// The rules of SPEC §3 and §6 a policy sets, in plain words: the one wording `candor policy show` and the
/// `/policy` page both print, generated from the policy itself.
public enum PolicyWords {
    /// Disputes and appeals.
    public static func disputes(_ policy: Policy) -> String {
        "Agencies answer a dispute within \(policy.disputeResponseDays) days (the last day included), or the "
            + "disputed record stops counting until they do. An answer that upholds a record may be appealed within "
            + "\(policy.dueProcess.appealDays) days; a reviewer decides within \(policy.dueProcess.reviewDays) days, "
            + "or the record stops counting until they do."
    }

    /// Repair, when some kind allows it.
    public static func repair(_ policy: Policy) -> String? {
        guard policy.kinds.contains(where: { $0.repairAfterDays != nil }) else { return nil }
        return "Once its obligation is met, a record of a repairable kind may be repaired on application: the "
            + "agency decides within \(policy.dueProcess.repairResponseDays) days, or the record counts as repaired "
            + "until it does; after a refusal, a new application may follow \(policy.dueProcess.reapplyDays) days "
            + "later. A repaired record neither counts nor lists."
    }

    /// When a record of `kind` may be repaired, if ever.
    public static func repair(_ kind: RecordKind) -> String? {
        kind.repairAfterDays.map { "repairable once fulfilled, from \($0) days after it occurred" }
    }

    /// The warning period of `list`, if it has one.
    public static func notice(_ list: PolicyList) -> String? {
        guard list.noticeDays > 0 else { return nil }
        return "Notice first: a listing starts \(list.noticeDays) days after the record, if it is still unresolved "
            + "then; the person is told, counters are not."
    }

    /// The one-time permits `list` allows, if any.
    public static func permits(_ list: PolicyList, in policy: Policy) -> String? {
        guard !list.permits.isEmpty else { return nil }
        let actions = list.permits.map { id in policy.actions.first { $0.id == id }?.title ?? id }
        return "One-time permits, for a medical, funeral, exam, official or other necessary purpose: "
            + actions.joined(separator: "; ") + " — at most \(list.permitMaxDays) days each, granted by an agency "
            + "whose record lists the person."
    }

    /// What `list` denies the officers of a listed organisation, if anything.
    public static func bindsOfficers(_ list: PolicyList, in policy: Policy) -> String? {
        guard !list.bindsOfficers.isEmpty else { return nil }
        let actions = list.bindsOfficers.map { id in policy.actions.first { $0.id == id }?.title ?? id }
        let roles = Officer.Role.allCases.map(\.title)
        return "An organisation on this list binds its officers (\(roles.dropLast().joined(separator: ", ")) and "
            + "\(roles.last!)): " + actions.joined(separator: "; ") + " — denied to them while it is listed and they "
            + "hold the role. They are on no list, and their scores are their own."
    }

    /// The rule on minors, which every list follows.
    public static let minors = "No one is listed for what happened before their 18th birthday."
}

/// A subject's membership of a list on a date, with everything a counter must be told about it.
public struct Listing: Sendable, Equatable {
    public var list: PolicyList
    /// The earliest first day of the windows of the records that keep the subject on the list
    /// (`occurred + notice_days`).
    public var since: Day
    /// The day the listing ends unless the obligations are met first: the latest window's end,
    /// `occurred + notice_days + max_days`.
    public var until: Day
    /// The records that keep the subject on the list.
    public var records: [Record]
}

/// A list a subject is on notice for: a record would list them from `starts` if it is still unresolved
/// then. Shown to the subject, never to a counter (SPEC §6, "Notice").
public struct ListNotice: Sendable, Equatable {
    public var list: PolicyList
    /// The day the listing would start.
    public var starts: Day
    public var record: Record
}

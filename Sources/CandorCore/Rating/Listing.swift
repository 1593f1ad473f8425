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
    /// When every record that keeps the subject on the list is contested by a dispute or an appeal awaiting
    /// an answer, the day since which all of them are: a denial on this list says "disputed since".
    public var disputedSince: Day? = nil

    /// A listing's `disputedSince` once a record contested since `record` (or not, `nil`) joins it.
    public static func disputedSince(_ listing: Day?, _ record: Day?) -> Day? {
        guard let listing, let record else { return nil }
        return max(listing, record)
    }
}

/// A list a subject is on notice for: a record would list them from `starts` if it is still unresolved
/// then. Shown to the subject, never to a counter (SPEC §6, "Notice").
public struct ListNotice: Sendable, Equatable {
    public var list: PolicyList
    /// The day the listing would start.
    public var starts: Day
    public var record: Record
}

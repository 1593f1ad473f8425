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
        let joined = disputedSince(listing?.ordinal ?? Int32.max, record?.ordinal ?? Int32.max)
        return joined == Int32.max ? nil : Day(ordinal: joined)
    }

    /// `disputedSince` on day ordinals, as the one-pass re-rating applies it: `Int32.max` stands for "not
    /// contested", and one record not contested leaves the whole listing not contested.
    @inline(__always)
    public static func disputedSince(_ listing: Int32, _ record: Int32) -> Int32 { max(listing, record) }
}

/// A list a subject is on notice for: a record would list them from `starts` if it is still unresolved
/// then. Shown to the subject, never to a counter (SPEC §6, "Notice").
public struct ListNotice: Sendable, Equatable {
    public var list: PolicyList
    /// The day the listing would start.
    public var starts: Day
    public var record: Record
}

/// A subject's membership of a list on a date, with everything a counter must be told about it.
public struct Listing: Sendable, Equatable {
    public var list: PolicyList
    /// The earliest `occurred` of the records that keep the subject on the list.
    public var since: Day
    /// The day the listing ends unless the obligations are met first: the latest `occurred + max_days`.
    public var until: Day
    /// The records that keep the subject on the list.
    public var records: [Record]
}

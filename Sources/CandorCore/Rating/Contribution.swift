/// One record's part in a rating: the points it adds on the as-of date, the rule that gave them,
/// and when its effect ends.
public struct Contribution: Sendable, Equatable {
    /// Where a record stands on the as-of date.
    public enum Status: String, Sendable, Codable {
        /// Counts with the kind's points.
        case counting
        /// Counts with the kind's fulfilled points: the obligation was met.
        case fulfilled
        /// Its effect has ended: it is `lasts_days` or more old.
        case expired
        /// The agency withdrew it; it counts on no date.
        case retracted
        /// Disputed and not answered by the deadline; it counts again once upheld.
        case suspended
        /// Repaired after fulfilment (SPEC §6, "Repair"): it neither counts nor lists.
        case repaired
        /// It occurred after the as-of date.
        case pending
        /// The policy in force has no such kind.
        case unknownKind = "unknown-kind"
    }

    public var record: Record
    /// Points this record adds before its kind's cap is applied.
    public var points: Double
    public var status: Status
    /// The first day on which the record no longer counts (`occurred + lasts_days`).
    public var effectEnds: Day?
    /// The rule in words, such as "-120 points for 1825 days, -20 once fulfilled".
    public var rule: String
}

/// The sum of one kind's contributions and the cap applied to it.
public struct KindTotal: Sendable, Equatable {
    public var kind: String
    /// The sum of the kind's contributions before the cap.
    public var sum: Double
    /// The sum after the cap; equal to `sum` when no cap applied.
    public var total: Double
    public var capped: Bool { sum != total }
}

/// "What would change if this record were fulfilled, or its effect over?" — asked by a subject about
/// one of their own records.
public enum Hypothesis: String, Sendable, Codable, CaseIterable {
    /// The obligation is met on the as-of date.
    case fulfilled
    /// The record's effect has ended: it no longer counts or lists.
    case expired
}

extension RatingEngine {
    /// The rating the subject would have on `asOf` under the hypothesis about record `recordID`, or
    /// `nil` when the subject has no such record.
    public func whatIf(
        _ subject: SubjectID, records: [Record], disputes: [Dispute], recordID: Int64,
        hypothesis: Hypothesis, asOf day: Day
    ) -> Rating? {
        guard let index = records.firstIndex(where: { $0.id == recordID }) else { return nil }
        var changed = records
        switch hypothesis {
        case .fulfilled: changed[index].fulfilled = min(changed[index].fulfilled ?? day, day)
        case .expired: changed.remove(at: index)
        }
        return rate(subject, records: changed, disputes: disputes, asOf: day)
    }
}

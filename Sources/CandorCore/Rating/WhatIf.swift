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
    public func whatIf(_ file: SubjectFile, recordID: Int64, hypothesis: Hypothesis, asOf day: Day) -> Rating? {
        guard let index = file.records.firstIndex(where: { $0.id == recordID }) else { return nil }
        var changed = file
        switch hypothesis {
        case .fulfilled: changed.records[index].fulfilled = min(changed.records[index].fulfilled ?? day, day)
        case .expired: changed.records.remove(at: index)
        }
        return rate(changed, asOf: day)
    }
}

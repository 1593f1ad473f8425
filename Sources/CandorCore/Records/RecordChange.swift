/// What a record submitted again means for the stored one.
public enum RecordChange: Sendable, Equatable {
    /// Identical, or only missing dates the store already has: nothing to do.
    case unchanged
    /// New `fulfilled` and/or `retracted` dates to record as events.
    case update(fulfilled: Day?, retracted: Day?)
    /// Some other field differs; the submission is refused with this reason.
    case refused(String)

    /// Compares `incoming` with the stored record of the same `(agency, reference)`.
    ///
    /// A fulfilled or retracted date may be added or corrected; a resubmission that omits a date the
    /// store has keeps it. Every other field is fixed: to change one, retract the record and submit a new one.
    public init(stored: Record, incoming: Record) {
        var differences: [String] = []
        if stored.subject != incoming.subject {
            differences.append("subject \(stored.subject) → \(incoming.subject)")
        }
        if stored.kind != incoming.kind { differences.append("kind \(stored.kind) → \(incoming.kind)") }
        if stored.occurred != incoming.occurred {
            differences.append("occurred \(stored.occurred) → \(incoming.occurred)")
        }
        if stored.amount != incoming.amount {
            differences.append(
                "amount \(stored.amount.map { "\($0)" } ?? "none") → \(incoming.amount.map { "\($0)" } ?? "none")")
        }
        if (stored.legalBasis ?? "") != (incoming.legalBasis ?? "") { differences.append("legal_basis") }
        if (stored.note ?? "") != (incoming.note ?? "") { differences.append("note") }
        guard differences.isEmpty else {
            self = .refused(
                "record \(stored.agency)/\(stored.reference) is already stored with other values ("
                    + differences.joined(separator: "; ") + "); only fulfilled and retracted may change: "
                    + "retract it and submit a new record")
            return
        }
        let fulfilled = incoming.fulfilled.flatMap { $0 == stored.fulfilled ? nil : $0 }
        let retracted = incoming.retracted.flatMap { $0 == stored.retracted ? nil : $0 }
        self = fulfilled == nil && retracted == nil ? .unchanged : .update(fulfilled: fulfilled, retracted: retracted)
    }
}

/// What a record submitted again means for the stored one.
public enum RecordChange: Sendable, Equatable {
    /// Identical, or only missing optional values the store already has: nothing to do.
    case unchanged
    /// New `fulfilled` and/or `retracted` dates to record as events.
    case update(fulfilled: Day?, retracted: Day?)
    /// Some other field differs; the submission is refused with this reason.
    case refused(String)

    /// Compares `incoming` with the stored record of the same `(agency, reference)`.
    ///
    /// A fulfilled or retracted date may be added or corrected. A resubmission that omits an optional
    /// value the store has (a date, the amount, the legal basis, the note) keeps it, so an agency may
    /// report a fulfilment with the identifying fields alone. Every other difference is refused: to
    /// change a fact, retract the record and submit a new one.
    public init(stored: Record, incoming: Record) {
        var differences: [String] = []
        if stored.subject != incoming.subject {
            differences.append("subject \(stored.subject) → \(incoming.subject)")
        }
        if stored.kind != incoming.kind { differences.append("kind \(stored.kind) → \(incoming.kind)") }
        if stored.occurred != incoming.occurred {
            differences.append("occurred \(stored.occurred) → \(incoming.occurred)")
        }
        if let amount = incoming.amount, stored.amount != amount {
            differences.append("amount \(stored.amount.map { "\($0)" } ?? "none") → \(amount)")
        }
        if let legalBasis = incoming.legalBasis, stored.legalBasis != legalBasis { differences.append("legal_basis") }
        if let note = incoming.note, stored.note != note { differences.append("note") }
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

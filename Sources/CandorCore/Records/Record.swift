/// A fact an agency reports about a subject: a judgment not performed, a tax penalty, a blood donation.
///
/// `(agency, reference)` identifies a record; the agency may later report that the obligation was
/// fulfilled, or retract the record. Every other field is fixed once submitted.
public struct Record: Sendable, Equatable, Codable {
    /// The store's number for the record; 0 before it is stored.
    public var id: Int64
    public var agency: String
    /// The agency's own identifier of the record.
    public var reference: String
    public var subject: SubjectID
    public var kind: String
    public var occurred: Day
    public var amount: Double?
    public var legalBasis: String?
    public var note: String?
    /// The day the obligation was met, if it has been.
    public var fulfilled: Day?
    /// The day the agency withdrew the record, if it did; a retracted record counts on no date.
    public var retracted: Day?

    public init(
        id: Int64 = 0, agency: String, reference: String, subject: SubjectID, kind: String, occurred: Day,
        amount: Double? = nil, legalBasis: String? = nil, note: String? = nil,
        fulfilled: Day? = nil, retracted: Day? = nil
    ) {
        self.id = id
        self.agency = agency
        self.reference = reference
        self.subject = subject
        self.kind = kind
        self.occurred = occurred
        self.amount = amount
        self.legalBasis = legalBasis
        self.note = note
        self.fulfilled = fulfilled
        self.retracted = retracted
    }
}

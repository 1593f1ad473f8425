/// Turns a row of text fields into a `Record`, naming the first field that is wrong.
public struct RecordDecoder: Sendable {
    /// The fields a record file may carry, as CSV columns or NDJSON keys.
    public static let fields = [
        "agency", "reference", "subject", "kind", "occurred", "amount", "fulfilled",
        "retracted", "legal_basis", "note",
    ]

    /// The agency to assume when a row has none, from `--agency`.
    public var defaultAgency: String?

    public init(defaultAgency: String? = nil) {
        self.defaultAgency = defaultAgency
    }

    public func decode(_ row: RawRow) -> Result<Record, RowProblem> {
        func problem(_ field: String?, _ message: String) -> Result<Record, RowProblem> {
            .failure(RowProblem(line: row.line, field: field, message: message))
        }
        func value(_ field: String) -> String? {
            guard let text = row.fields[field]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        let agency = value("agency") ?? defaultAgency
        let reference = value("reference")
        let subjectText = value("subject")
        let kind = value("kind")
        let occurredText = value("occurred")
        for (field, present) in [
            ("agency", agency != nil), ("reference", reference != nil), ("subject", subjectText != nil),
            ("kind", kind != nil), ("occurred", occurredText != nil),
        ] where !present {
            let hint = field == "agency" ? " (or pass --agency ID when the file has no agency column)" : ""
            return problem(field, "is missing\(hint)")
        }
        let subject: SubjectID
        do {
            subject = try SubjectID(subjectText!)
        } catch {
            return problem("subject", error.description)
        }
        var days: [Day?] = []
        for (field, text) in [
            ("occurred", occurredText), ("fulfilled", value("fulfilled")), ("retracted", value("retracted")),
        ] {
            guard let text else {
                days.append(nil)
                continue
            }
            guard let day = Day(iso: text) else { return problem(field, "'\(text)' is not a date YYYY-MM-DD") }
            days.append(day)
        }
        var amount: Double?
        if let text = value("amount") {
            guard let number = Double(text), number.isFinite else {
                return problem("amount", "'\(text)' is not a number")
            }
            amount = number
        }
        return .success(
            Record(
                agency: agency!, reference: reference!, subject: subject, kind: kind!, occurred: days[0]!,
                amount: amount, legalBasis: value("legal_basis"), note: value("note"), fulfilled: days[1],
                retracted: days[2]))
    }
}

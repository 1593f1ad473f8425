/// Turns a row of an officer file (CSV or NDJSON) or of `POST /v1/officers` into a role, or the problem
/// with it, naming the field.
public struct OfficerDecoder: Sendable {
    /// The fields an officer row may carry.
    public static let fields = ["agency", "reference", "organisation", "person", "role", "started", "ended"]

    /// The agency to assume when a row has none.
    public var defaultAgency: String?

    public init(defaultAgency: String? = nil) {
        self.defaultAgency = defaultAgency
    }

    public func decode(_ row: RawRow) -> Result<Officer, RowProblem> {
        func problem(_ field: String?, _ message: String) -> Result<Officer, RowProblem> {
            .failure(RowProblem(line: row.line, field: field, message: message))
        }
        func value(_ field: String) -> String? {
            guard let text = row.fields[field]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        let agency = value("agency") ?? defaultAgency
        for field in ["agency", "reference", "organisation", "person", "role", "started"]
        where (field == "agency" ? agency : value(field)) == nil {
            return problem(field, "is missing")
        }
        var subjects: [SubjectID] = []
        for field in ["organisation", "person"] {
            do {
                subjects.append(try SubjectID(value(field)!))
            } catch {
                return problem(field, error.description)
            }
        }
        guard let role = Officer.Role(rawValue: value("role")!) else {
            return problem(
                "role",
                "'\(value("role")!)' is not a role; roles: "
                    + Officer.Role.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let started = Day(iso: value("started")!) else {
            return problem("started", "'\(value("started")!)' is not a date YYYY-MM-DD")
        }
        var ended: Day?
        if let text = value("ended") {
            guard let day = Day(iso: text) else { return problem("ended", "'\(text)' is not a date YYYY-MM-DD") }
            ended = day
        }
        return .success(
            Officer(
                agency: agency!, reference: value("reference")!, organisation: subjects[0], person: subjects[1],
                role: role, started: started, ended: ended))
    }
}

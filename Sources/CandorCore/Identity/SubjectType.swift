/// Whether a subject is a natural person or a business or other organisation.
public enum SubjectType: String, Sendable, Codable, CaseIterable {
    case person
    case organization
}

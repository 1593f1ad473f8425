/// The identifier of a rated subject: a resident identity number (GB 11643) for a person, a Unified
/// Social Credit Code (GB 32100) for an organisation.
///
/// A `SubjectID` is validated once, where it enters Candor; everything past that point can rely on it.
/// The text is kept in canonical upper case.
public struct SubjectID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The 18 canonical characters.
    public let text: String
    /// Person or organisation, decided by which standard the identifier satisfies.
    public let type: SubjectType

    /// Validates `text` as a resident identity number, else as a Unified Social Credit Code.
    ///
    /// Lower-case letters are accepted and upper-cased; surrounding whitespace is ignored.
    /// - Throws: `IdentifierError` naming what is wrong (length, a character and its position,
    ///   the birth date, or the check character).
    public init(_ text: some StringProtocol) throws(IdentifierError) {
        let canonical = String(text).trimmingWhitespace().uppercased()
        let bytes = Array(canonical.utf8)
        guard bytes.count == 18 else { throw .wrongLength(text: canonical, count: canonical.count) }
        let personError = ResidentIdentityNumber.problem(bytes)
        if personError == nil {
            self.init(trusted: canonical, type: .person)
            return
        }
        let organizationError = UnifiedSocialCreditCode.problem(bytes)
        if organizationError == nil {
            self.init(trusted: canonical, type: .organization)
            return
        }
        // Report the problem of the standard the text most looks like: seventeen digits read as a
        // resident number, anything else as a credit code.
        let looksLikePerson = bytes[0..<17].allSatisfy { (48...57).contains($0) }
        throw (looksLikePerson ? personError : organizationError)!
    }

    /// Whether `text` has the form of an identifier — 18 digits or letters of the credit-code alphabet
    /// (0-9, A-H, J-N, P-R, T, U, W-Y, either case), nothing around them — whether or not its check character
    /// and dates hold. The API document gives this form as the identifiers' pattern.
    public static func hasForm(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 18
            && bytes.allSatisfy { byte in
                UnifiedSocialCreditCode.values[Int((97...122).contains(byte) ? byte - 32 : byte)] >= 0
            }
    }

    /// An identifier already known to be valid, such as one read back from the store.
    public init(trusted text: String, type: SubjectType) {
        self.text = text
        self.type = type
    }

    public var description: String { text }

    /// The age of majority, in completed years.
    public static let adultAge = 18

    /// The first day a person is an adult (18 in completed years, from the birth date in the identifier);
    /// `nil` for an organisation. A record that occurred before it never lists the person (SPEC §6).
    public var adulthood: Day? {
        guard type == .person, let born = ResidentIdentityNumber.birthDay(of: self) else { return nil }
        return born.anniversary(years: Self.adultAge)
    }

    public static func < (lhs: SubjectID, rhs: SubjectID) -> Bool { lhs.text < rhs.text }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = try SubjectID(try container.decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Most fields begin and end with a printable ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 32, first < 128, last > 32, last < 128 {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

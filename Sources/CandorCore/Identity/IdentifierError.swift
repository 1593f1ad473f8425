/// Why a text is not a subject identifier.
public enum IdentifierError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Identifiers have exactly 18 characters.
    case wrongLength(text: String, count: Int)
    /// The character at `position` (1-based) is not allowed there.
    case invalidCharacter(text: String, position: Int, character: Character, expected: String)
    /// Characters 7–14 of a resident identity number are not a real date.
    case birthDate(text: String, digits: String)
    /// The last character does not match the checksum of the first seventeen.
    case checksum(text: String, expected: Character, found: Character)

    public var description: String { words.description }

    /// The reason in words any door renders in its reader's language.
    public var words: Words {
        switch self {
        case let .wrongLength(text, count):
            return "'\(text)' has \(count) characters; an identity number or credit code has 18"
        case let .invalidCharacter(text, position, character, expected):
            return "'\(text)': character \(position) is '\(character)', expected \(expected)"
        case let .birthDate(text, digits):
            return "'\(text)': the birth date \(digits) (characters 7-14) is not a real date"
        case let .checksum(text, expected, found):
            return
                "'\(text)': the check character is '\(found)' but should be '\(expected)'; a character was probably mistyped"
        }
    }
}

/// The 18-character resident identity number of GB 11643-1999.
///
/// Characters 1–6 are a region code, 7–14 the birth date (YYYYMMDD), 15–17 a sequence number and 18
/// a check character computed by ISO 7064 MOD 11-2, with `X` standing for 10.
public enum ResidentIdentityNumber {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432".utf8)

    /// The check character for seventeen leading digits.
    public static func checkCharacter(for digits: some Sequence<UInt8>) -> Character {
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += Int(digit - 48) * weight }
        return Character(UnicodeScalar(checkCharacters[sum % 11]))
    }

    /// The complete identifier for a region code, a birth day and a sequence number (0–999).
    public static func make(region: Int, born: Day, sequence: Int) -> String {
        let (year, month, day) = born.civil
        let body = pad(region, 6) + pad(year, 4) + pad(month, 2) + pad(day, 2) + pad(sequence, 3)
        return body + String(checkCharacter(for: body.utf8))
    }

    /// The birth day encoded in a valid identifier.
    public static func birthDay(of id: SubjectID) -> Day? {
        let bytes = Array(id.text.utf8)
        guard id.type == .person, bytes.count == 18 else { return nil }
        return Day(iso: String(decoding: bytes[6..<10] + [45] + bytes[10..<12] + [45] + bytes[12..<14], as: UTF8.self))
    }

    /// What is wrong with 18 upper-cased bytes as a resident identity number, or `nil` if they are one.
    static func problem(_ bytes: [UInt8]) -> IdentifierError? {
        let text = String(decoding: bytes, as: UTF8.self)
        for position in 0..<17 where !(48...57).contains(bytes[position]) {
            return .invalidCharacter(
                text: text, position: position + 1,
                character: Character(UnicodeScalar(bytes[position])), expected: "a digit")
        }
        guard (48...57).contains(bytes[17]) || bytes[17] == UInt8(ascii: "X") else {
            return .invalidCharacter(
                text: text, position: 18, character: Character(UnicodeScalar(bytes[17])),
                expected: "a digit or X")
        }
        let digits = String(decoding: bytes[6..<14], as: UTF8.self)
        let year = Int(digits.prefix(4))!, month = Int(digits.dropFirst(4).prefix(2))!, day = Int(digits.suffix(2))!
        guard year >= 1800, Day(year: year, month: month, day: day) != nil else {
            return .birthDate(text: text, digits: digits)
        }
        let expected = checkCharacter(for: bytes[0..<17])
        let found = Character(UnicodeScalar(bytes[17]))
        return expected == found ? nil : .checksum(text: text, expected: expected, found: found)
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// The 18-character Unified Social Credit Code of GB 32100-2015, the one national identifier that
/// follows a business or organisation wherever it registers.
///
/// Its characters come from `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z); the 18th is a check
/// character: 31 minus the weighted sum of the first 17 modulo 31, with weights 3^i mod 31.
public enum UnifiedSocialCreditCode {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let values: [Int] = {
        var table = [Int](repeating: -1, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = value }
        return table
    }()

    /// The check character for seventeen leading characters of the code alphabet.
    public static func checkCharacter(for body: some Sequence<UInt8>) -> Character {
        var sum = 0
        for (byte, weight) in zip(body, weights) { sum += values[Int(byte)] * weight }
        return Character(UnicodeScalar(alphabet[(31 - sum % 31) % 31]))
    }

    /// A complete code from its first seventeen characters.
    public static func make(body: String) -> String {
        body + String(checkCharacter(for: body.utf8))
    }

    /// The code alphabet, for generators.
    public static var characters: [Character] { alphabet.map { Character(UnicodeScalar($0)) } }

    static func problem(_ bytes: [UInt8]) -> IdentifierError? {
        let text = String(decoding: bytes, as: UTF8.self)
        for position in 0..<18 where values[Int(bytes[position])] < 0 {
            return .invalidCharacter(
                text: text, position: position + 1,
                character: Character(UnicodeScalar(bytes[position])),
                expected: "a digit or one of ABCDEFGHJKLMNPQRTUWXY")
        }
        let expected = checkCharacter(for: bytes[0..<17])
        let found = Character(UnicodeScalar(bytes[17]))
        return expected == found ? nil : .checksum(text: text, expected: expected, found: found)
    }
}

import Foundation

/// A one-time code a person redeems at `/activate` for a session of their own pages, without the operator
/// handing them a key: printed on a letter or at a service counter by `candor keys invite`.
///
/// It is stored as a subject key that expires after `validDays`, whose secret is 9 bytes rather than a key's
/// 32 — so it can never be presented as a bearer key or typed into the sign-in form, only redeemed, once.
/// Written in Crockford's base32 (no I, L, O or U), in groups of four: 6 bytes of key id, 9 of secret.
public enum ActivationCode {
    public static let validDays = 14
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let secretBytes = 9

    /// A new code for `subject`: the text to hand over, and the key to store.
    public static func make(subject: SubjectID, at time: Date) -> (code: String, grant: KeyGrant, secretHash: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(6 + secretBytes)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let grant = KeyGrant(
            id: Array(bytes[0..<6]).hex, role: .subject, label: "activation code", subject: subject, created: time,
            expires: time.addingTimeInterval(Double(validDays) * 86_400))
        return (encode(bytes), grant, KeyToken.hash(Array(bytes[6...])))
    }

    /// The key id and secret of a typed code: case, spaces and hyphens do not matter, and O, I and L are read
    /// as 0, 1 and 1, as people mistype them.
    public static func parse(_ text: String) -> (id: String, secret: [UInt8])? {
        let cleaned = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }.map { character -> Character in
            switch character {
            case "O": "0"
            case "I", "L": "1"
            default: character
            }
        }
        guard cleaned.count == 24 else { return nil }
        var bits = 0, value = 0
        var bytes: [UInt8] = []
        for character in cleaned {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            value = (value << 5) | digit
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((value >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        guard bytes.count == 6 + secretBytes else { return nil }
        return (Array(bytes[0..<6]).hex, Array(bytes[6...]))
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var bits = 0, value = 0
        var characters: [Character] = []
        for byte in bytes {
            value = (value << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                characters.append(alphabet[(value >> (bits - 5)) & 31])
                bits -= 5
            }
            value &= (1 << bits) - 1
        }
        if bits > 0 { characters.append(alphabet[(value << (5 - bits)) & 31]) }
        return stride(from: 0, to: characters.count, by: 4).map {
            String(characters[$0..<min($0 + 4, characters.count)])
        }.joined(separator: "-")
    }
}

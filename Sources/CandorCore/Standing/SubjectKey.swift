/// A subject identifier packed into two machine words, for in-memory tables of millions of subjects.
///
/// Each of the 18 characters (a digit or an upper-case letter) takes 6 bits: the first 8 go into
/// `high`, the other 10 into `low`. Distinct identifiers give distinct keys.
public struct SubjectKey: Hashable, Sendable, Comparable {
    public let high: UInt64
    public let low: UInt64

    public init(_ subject: SubjectID) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var text = subject.text
        text.withUTF8 { bytes in
            for position in bytes.indices {
                let byte = bytes[position]
                let value = UInt64(byte <= 57 ? byte &- 48 : byte &- 55)
                if position < 8 {
                    high = high << 6 | value
                } else {
                    low = low << 6 | value
                }
            }
        }
        self.high = high
        self.low = low
    }
}

extension SubjectKey {
    /// Keys order as their identifiers do: digits before letters, character by character.
    public static func < (a: SubjectKey, b: SubjectKey) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// Appends the identifier's 18 characters.
    public func appendText(to bytes: inout [UInt8]) {
        for shift in stride(from: 42, through: 0, by: -6) {
            bytes.append(Self.character(UInt8(high >> UInt64(shift) & 63)))
        }
        for shift in stride(from: 54, through: 0, by: -6) {
            bytes.append(Self.character(UInt8(low >> UInt64(shift) & 63)))
        }
    }

    /// The identifier the key was made from.
    public var subject: SubjectID {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        appendText(to: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        // Only identifiers are packed, and the packing is exact: the text is valid again.
        return (try? SubjectID(text)) ?? SubjectID(trusted: text, type: .organization)
    }

    private static func character(_ value: UInt8) -> UInt8 { value < 10 ? value + 48 : value + 55 }
}

extension SubjectKey {
    /// The first day the subject is an adult, as `SubjectID.adulthood` gives it, as a day ordinal;
    /// `Int32.min` for an organisation. Read only for subjects with a record that would list them.
    public var adulthoodOrdinal: Int32 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        appendText(to: &bytes)
        guard ResidentIdentityNumber.problem(bytes) == nil else { return Int32.min }
        return SubjectID(trusted: String(decoding: bytes, as: UTF8.self), type: .person).adulthood?.ordinal ?? Int32.min
    }
}

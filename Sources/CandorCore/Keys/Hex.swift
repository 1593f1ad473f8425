extension Sequence where Element == UInt8 {
    /// The bytes as lower-case hex, as Candor shows hashes, key ids and signatures.
    public var hex: String {
        var text = ""
        for byte in self {
            let digits = String(byte, radix: 16)
            if digits.count == 1 { text += "0" }
            text += digits
        }
        return text
    }
}

/// Whether two byte strings are equal, in time that does not depend on where they differ.
public func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) { difference |= x ^ y }
    return difference == 0
}

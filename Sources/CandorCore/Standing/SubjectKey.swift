/// A subject identifier packed into two machine words, for in-memory tables of millions of subjects.
///
/// Each of the 18 characters (a digit or an upper-case letter) takes 6 bits: the first 8 go into
/// `high`, the other 10 into `low`. Distinct identifiers give distinct keys.
public struct SubjectKey: Hashable, Sendable {
    public let high: UInt64
    public let low: UInt64

    public init(_ subject: SubjectID) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (position, byte) in subject.text.utf8.enumerated() {
            let value = UInt64(byte <= 57 ? byte &- 48 : byte &- 55)
            if position < 8 {
                high = high << 6 | value
            } else {
                low = low << 6 | value
            }
        }
        self.high = high
        self.low = low
    }
}

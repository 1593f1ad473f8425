/// What kind of access a log entry records. Kept beside the entry (not in its hash: it follows from the
/// action) so that a server can follow the changes other servers made without reading every entry.
public enum AccessKind: String, Sendable, Codable, CaseIterable {
    /// A read of a subject's data, or an attempt that was refused.
    case access
    /// A counter's check.
    case check
    /// A change to a subject's records or disputes: after it, the subject's rating may differ.
    case change
    /// A read of every subject at once — an export, a simulation, the statistics — that every subject's
    /// log shows.
    case registry
}

/// What an access log entry will say, before the store gives it its place in the chain.
public struct AccessNote: Sendable, Equatable {
    public var accessor: Accessor
    public var action: String
    public var answer: String
    public var kind: AccessKind

    public init(_ accessor: Accessor, action: String, answer: String, kind: AccessKind = .access) {
        self.accessor = accessor
        self.action = action
        self.answer = answer
        self.kind = kind
    }
}

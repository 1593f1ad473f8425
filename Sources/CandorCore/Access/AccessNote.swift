/// What an access log entry will say, before the store gives it its place in the chain.
public struct AccessNote: Sendable, Equatable {
    public var accessor: Accessor
    public var action: String
    public var answer: String

    public init(_ accessor: Accessor, action: String, answer: String) {
        self.accessor = accessor
        self.action = action
        self.answer = answer
    }
}

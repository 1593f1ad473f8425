/// One thing wrong with a policy file: the entry it is in and what is wrong with it.
public struct PolicyProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending entry, such as `kind 'court.judgment-default'` or `[score]`.
    public var entry: String
    /// What is wrong and, where it helps, what to do.
    public var message: String

    public init(entry: String, message: String) {
        self.entry = entry
        self.message = message
    }

    public var description: String { "\(entry): \(message)" }
}

/// A policy that cannot be applied, with every problem found in it.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    public var problems: [PolicyProblem]

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "the policy has \(count):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

import CandorCore

/// Why the registry refused an operation, in terms every door can render: the API as a status and a JSON
/// error, a page as a message, the CLI as a line on standard error.
public enum RegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request is malformed: `field` names what is wrong, `code` is machine-readable.
    case invalid(code: String, field: String?, message: Words)
    /// No key was presented where one is needed.
    case unauthenticated
    /// The caller may not do this.
    case forbidden(Words)
    /// There is no such thing, or none the caller may see.
    /// `field`: the field of the request that names it, when one does (an identifier that names no one).
    case notFound(Words, field: String? = nil)
    /// The request conflicts with the registry's state: a dispute already answered, one already open.
    /// `field`: the field whose value conflicts, when one does (a date outside its window).
    case conflict(code: String, message: Words, field: String? = nil)
    /// The request carries more than the registry takes at once.
    case tooLarge(code: String, message: Words)
    /// Too many requests with this key: try again after this many seconds.
    case rateLimited(retryAfter: Int)

    public var description: String {
        if case let .invalid(_, field?, message) = self { return "\(field): \(message)" }
        return words.description
    }

    /// The field of the request a refusal is about, when it is one.
    public var field: String? {
        switch self {
        case let .invalid(_, field, _), let .notFound(_, field), let .conflict(_, _, field): field
        default: nil
        }
    }

    /// The message as words any door renders in its reader's language.
    public var words: Words {
        switch self {
        case .unauthenticated:
            Words("send an API key as `Authorization: Bearer KEY`; `candor keys create` makes one")
        case let .rateLimited(seconds):
            Words("too many requests with this key; try again in {{seconds}} s", ["seconds": "\(seconds)"])
        case let .invalid(_, _, message), let .forbidden(message), let .notFound(message, _),
            let .conflict(_, message, _), let .tooLarge(_, message):
            message
        }
    }

    /// What the access log records as the answer to a refused request.
    var logAnswer: String {
        switch self {
        case let .invalid(code, _, _): "refused: \(code)"
        case .unauthenticated: "refused: no key"
        case let .forbidden(message): "refused: \(message.description)"
        case .notFound: "refused: not found"
        case let .conflict(code, _, _), let .tooLarge(code, _): "refused: \(code)"
        case .rateLimited: "refused: rate limit"
        }
    }
}

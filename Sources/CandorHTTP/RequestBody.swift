import CandorCore
import Foundation
import Hummingbird

extension Request {
    /// The body, refused with 413 past the service's limit.
    mutating func bytes(limit: Int) async throws -> ByteBuffer {
        do {
            return try await collectBody(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "body-too-large", "the request body is over \(limit) bytes")
        }
    }

    /// The body decoded as JSON, with a 400 that says what is wrong when it is not.
    mutating func decode<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        try Self.decode(T.self, from: try await bytes(limit: limit))
    }

    /// A body already read, decoded as JSON, with a 400 that says what is wrong when it is not.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw APIError.badRequest("invalid-json", "the body is not valid JSON")
        } catch let error as DecodingError {
            var refusal = APIError.badRequest("invalid-body", describe(error))
            refusal.field = field(of: error)
            throw refusal
        } catch {
            throw APIError.badRequest("invalid-json", "the body is not valid JSON")
        }
    }
}

/// A decoding error in words: the path to the field and what was wrong with it — never Swift's own wording.
func describe(_ error: DecodingError) -> Words {
    func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        return keys.isEmpty ? "the body" : "'\(keys.joined(separator: "."))'"
    }
    switch error {
    case let .keyNotFound(key, context):
        return "\(context.codingPath.isEmpty ? "the body" : path(context)) needs the key '\(key.stringValue)'"
    case let .typeMismatch(type, context): return "\(path(context)) must be \(typeName(type))"
    case let .valueNotFound(type, context): return "\(path(context)) must be \(typeName(type)), not null"
    case let .dataCorrupted(context):
        if context.codingPath.isEmpty { return "the body is not valid JSON" }
        // Candor's own types explain themselves; the standard library's messages name Swift types instead.
        let own = context.debugDescription
        if own.hasPrefix("Cannot initialize") || own.hasPrefix("The given data") || own.contains("Swift.") {
            return "\(path(context)) is not one of the values this field takes"
        }
        return Words("{{1}}: ", ["1": path(context)]) + Words(own)
    @unknown default: return "the body does not have the expected shape"
    }
}

/// The field a decoding error is about, as the API names it.
func field(of error: DecodingError) -> String? {
    let context: DecodingError.Context
    switch error {
    case let .keyNotFound(key, found): return (found.codingPath + [key]).map(\.stringValue).joined(separator: ".")
    case let .typeMismatch(_, found), let .valueNotFound(_, found), let .dataCorrupted(found): context = found
    @unknown default: return nil
    }
    let keys = context.codingPath.map(\.stringValue)
    return keys.isEmpty ? nil : keys.joined(separator: ".")
}

private func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int.Type, is Int64.Type: "an integer"
    case is Bool.Type: "true or false"
    case is Double.Type: "a number"
    case is [String].Type: "a list of strings"
    default: "a value of the documented type"
    }
}

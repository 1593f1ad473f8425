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
        let buffer = try await bytes(limit: limit)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw APIError.badRequest("invalid-json", "the body is not valid JSON")
        } catch let error as DecodingError {
            throw APIError.badRequest("invalid-body", describe(error))
        } catch {
            throw APIError.badRequest("invalid-json", "the body is not valid JSON")
        }
    }
}

/// A decoding error in words: the path to the field and what was wrong with it.
func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        return keys.isEmpty ? "the body" : "'\(keys.joined(separator: "."))'"
    }
    switch error {
    case let .keyNotFound(key, context):
        let parent = context.codingPath.isEmpty ? "the body" : path(context)
        return "\(parent) needs the key '\(key.stringValue)'"
    case let .typeMismatch(type, context): return "\(path(context)) must be \(typeName(type))"
    case let .valueNotFound(type, context): return "\(path(context)) must be \(typeName(type)), not null"
    case let .dataCorrupted(context):
        return context.codingPath.isEmpty
            ? "the body is not valid JSON" : "\(path(context)): \(context.debugDescription)"
    @unknown default: return "the body does not have the expected shape"
    }
}

private func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int.Type, is Int64.Type: "an integer"
    case is Bool.Type: "true or false"
    case is Double.Type: "a number"
    default: "\(type)"
    }
}

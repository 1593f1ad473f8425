import CandorCore
import Foundation
import HTTPTypes
import Hummingbird

/// An error the API answers with: an HTTP status and a JSON body `{"error": {"code", "message", "field"?}}`
/// with a machine-readable code, a message that says what to do, and for a 400 the field that is wrong.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    /// What to do, said in the language the request asks for (`Accept-Language`, `?lang=`).
    public var words: Words
    /// The message in English.
    public var message: String { words.description }
    /// For 429: the seconds to wait before trying again, sent as Retry-After.
    public var retryAfter: Int?
    /// For 400: the field of the request that is wrong, when one is.
    public var field: String?
    /// For 405: the methods the path answers, sent as Allow.
    public var allow: String?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: Words) {
        self.status = status
        self.code = code
        self.words = message
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code, message: String
            var field: String?
        }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let language = Reader.language(of: request, remembered: false)
        var response = try jsonResponse(
            Body(error: .init(code: code, message: words.text(in: language), field: field)), status: status)
        response.headers[.contentLanguage] = language.tag
        if status == .unauthorized { response.headers[HTTPField.Name.wwwAuthenticate] = "Bearer realm=\"candor\"" }
        if let retryAfter { response.headers[HTTPField.Name.retryAfter] = String(retryAfter) }
        if let allow { response.headers[HTTPField.Name.allow] = allow }
        return response
    }

    static func badRequest(_ code: String, _ message: Words) -> APIError { APIError(.badRequest, code, message) }
    static func notFound(_ message: Words) -> APIError { APIError(.notFound, "not-found", message) }
    static func forbidden(_ message: Words) -> APIError { APIError(.forbidden, "forbidden", message) }
    static func conflict(_ code: String, _ message: Words) -> APIError { APIError(.conflict, code, message) }
    static func tooManyRequests(retryAfter: Int, why: Words = "too many requests with this key") -> APIError {
        var error = APIError(.tooManyRequests, "rate-limited", why + "; try again in \(retryAfter) s")
        error.retryAfter = retryAfter
        return error
    }
    static let unauthenticated = APIError(
        .unauthorized, "unauthenticated",
        "send an API key as `Authorization: Bearer KEY`; `candor keys create` makes one")
}

/// Encodes a value as the JSON body of a response.
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    jsonResponse(ByteBuffer(bytes: try jsonEncoder().encode(value)), status: status)
}

/// A JSON document already written.
func jsonResponse(_ document: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: document))
}

/// How the API writes JSON: keys sorted, slashes as they are, dates in ISO 8601.
func jsonEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
}

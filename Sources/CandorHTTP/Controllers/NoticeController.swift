import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// The subject's inbox over the API: notices newest first, in pages, and marking them read.
struct NoticeController {
    let service: Registry

    /// A notice as the API shows it.
    struct NoticeView: Encodable {
        var id: Int64
        var at: Date
        /// `record-created`, `check-denied`, …
        var kind: String
        var text: String
        var read: Bool

        init(_ notice: Notice, words: NoticeText) {
            id = notice.id
            at = notice.at
            kind = notice.cause.kind
            text = words.text(notice.cause, subject: notice.subject)
            read = notice.read != nil
        }
    }

    /// The page a request asks for: `limit` (default 50) notices with ids below `before`.
    static func page(_ request: Request) throws -> (limit: Int, before: Int64?) {
        let query = request.uri.queryParameters
        guard let limit = Int(query["limit"].map(String.init) ?? "50") else {
            throw APIError.badRequest("invalid-limit", "limit must be a whole number")
        }
        guard let text = query["before"] else { return (limit, nil) }
        guard let before = Int64(String(text)) else {
            throw APIError.badRequest("invalid-before", "before must be a notice id")
        }
        return (limit, before)
    }

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.get("/v1/me/notices") { request, context in
            let caller = try context.keyCaller()
            let (limit, before) = try Self.page(request)
            let (notices, unread) = try await service.notices(before: before, limit: limit, by: caller)
            let words = NoticeText(policy: service.policy)
            struct Page: Encodable { var notices: [NoticeView]; var unread: Int; var next: Int64? }
            return try jsonResponse(
                Page(
                    notices: notices.map { NoticeView($0, words: words) }, unread: unread,
                    next: notices.count == limit ? notices.last?.id : nil))
        }
        router.post("/v1/me/notices/read") { request, context in
            let caller = try context.keyCaller()
            struct Body: Decodable { var through: Int64 }
            var request = request
            let body = try await request.decode(Body.self, limit: SubjectController.smallBody)
            let marked = try await service.markNoticesRead(through: body.through, by: caller)
            return try jsonResponse(["marked": marked])
        }
    }
}

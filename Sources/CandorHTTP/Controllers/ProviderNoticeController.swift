import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// The corrections sent to a provider key: a record behind one of its denied answers was retracted,
/// overturned or repaired.
struct ProviderNoticeController {
    let service: Registry

    /// A correction as the API shows it.
    struct CorrectionView: Encodable {
        var id: Int64
        var at: Date
        var subject, action: String
        /// The day of the earlier denied answer.
        var denied: Day
        var agency, reference: String
        /// `retracted`, `overturned` or `repaired`.
        var change: String
        var changed: Day
        var text: String

        init(_ notice: ProviderNotice, policy: Policy) {
            let correction = notice.correction
            id = notice.id
            at = notice.at
            subject = correction.subject.text
            action = correction.action
            denied = correction.denied
            agency = correction.agency
            reference = correction.reference
            change = correction.change.rawValue
            changed = correction.changed
            text = correction.text(policy: policy)
        }
    }

    func addRoutes(to router: Router<CandorRequestContext>) {
        router.get("/v1/provider/notices") { request, context in
            let caller = try context.keyCaller()
            let (limit, before) = try NoticeController.page(request)
            let notices = try await service.providerNotices(before: before, limit: limit, by: caller)
            struct Page: Encodable { var notices: [CorrectionView]; var next: Int64? }
            return try jsonResponse(
                Page(
                    notices: notices.map { CorrectionView($0, policy: service.policy) },
                    next: notices.count == limit ? notices.last?.id : nil))
        }
    }
}

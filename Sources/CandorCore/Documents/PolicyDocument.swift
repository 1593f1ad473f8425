/// The JSON form of a policy, with the keys of its TOML file, its version and its SHA-256.
public struct PolicyDocument: Encodable, Sendable {
    struct Score: Encodable { var base, min, max: Int }
    struct TierEntry: Encodable { var id, title: String; var min: Int }
    struct AgencyEntry: Encodable {
        var id, title: String
        var kinds: [String]
        var domain: String?
    }
    struct KindEntry: Encodable {
        var id, domain, title, decay: String
        var subjects: [String]
        var points, fulfilled_points: Double
        var lasts_days: Int
        var cap: Double?
        var repair_after_days: Int?
        var legal_basis: String?
    }
    struct MeasureEntry: Encodable { var action, legal_basis: String }
    struct ListEntry: Encodable {
        var id, title, legal_basis, remedy: String
        var kinds, restricts: [String]
        var max_days: Int
        var notice_days: Int
        var permits: [String]
        var permit_max_days: Int
        var binds_officers: [String]
        var measure: [MeasureEntry]
    }
    struct ActionEntry: Encodable { var id, title: String }
    struct PrivilegeEntry: Encodable { var id, title, min_tier: String }

    var id, version, title, sha256: String
    var score: Score
    var dispute_response_days: Int
    var appeal_days, review_days, repair_response_days, reapply_days: Int
    var tiers: [TierEntry]
    var agencies: [AgencyEntry]
    var kinds: [KindEntry]
    var lists: [ListEntry]
    var actions: [ActionEntry]
    var privileges: [PrivilegeEntry]

    public init(_ policy: Policy) {
        id = policy.id
        version = policy.version
        title = policy.title
        sha256 = policy.sha256
        score = Score(base: policy.score.base, min: policy.score.min, max: policy.score.max)
        dispute_response_days = policy.disputeResponseDays
        appeal_days = policy.dueProcess.appealDays
        review_days = policy.dueProcess.reviewDays
        repair_response_days = policy.dueProcess.repairResponseDays
        reapply_days = policy.dueProcess.reapplyDays
        tiers = policy.tiers.map { TierEntry(id: $0.id, title: $0.title, min: $0.min) }
        agencies = policy.agencies.map {
            AgencyEntry(id: $0.id, title: $0.title, kinds: $0.kinds, domain: $0.domain?.rawValue)
        }
        kinds = policy.kinds.map {
            KindEntry(
                id: $0.id, domain: $0.domain.rawValue, title: $0.title, decay: $0.decay.rawValue,
                subjects: $0.subjects.map(\.rawValue), points: $0.points, fulfilled_points: $0.fulfilledPoints,
                lasts_days: $0.lastsDays, cap: $0.cap, repair_after_days: $0.repairAfterDays,
                legal_basis: $0.legalBasis.isEmpty ? nil : $0.legalBasis)
        }
        lists = policy.lists.map {
            ListEntry(
                id: $0.id, title: $0.title, legal_basis: $0.legalBasis, remedy: $0.remedy, kinds: $0.kinds,
                restricts: $0.restricts, max_days: $0.maxDays, notice_days: $0.noticeDays, permits: $0.permits,
                permit_max_days: $0.permitMaxDays, binds_officers: $0.bindsOfficers,
                measure: $0.measures.map { MeasureEntry(action: $0.action, legal_basis: $0.legalBasis) })
        }
        actions = policy.actions.map { ActionEntry(id: $0.id, title: $0.title) }
        privileges = policy.privileges.map { PrivilegeEntry(id: $0.id, title: $0.title, min_tier: $0.minTier) }
    }
}

import CandorCore

/// A rating as its subject reads it: the score, tier and lists, and every record's contribution with the
/// rule that gave it and when its effect ends.
struct RatingExplanation: Encodable {
    struct TierView: Encodable { var id, title: String; var min: Int }
    struct ActionView: Encodable { var id, title: String }
    struct ListingView: Encodable {
        var id, title, legalBasis, remedy: String
        var since, until: Day
        var restricts: [ActionView]
        var records: [Int64]
    }
    struct ContributionView: Encodable {
        var record: Int64
        var agency, reference, kind, kindTitle, status, rule: String
        var occurred: Day
        var points: Double
        var effectEnds, fulfilled, retracted: Day?
    }
    struct KindTotalView: Encodable { var kind: String; var sum, total: Double; var capped: Bool }

    var subject: String
    var name: String?
    var asOf: Day
    var score: Int
    var base: Int
    var tier: TierView
    var lists: [ListingView]
    var contributions: [ContributionView]
    var kindTotals: [KindTotalView]
    var policy: PolicyReference

    init(_ rating: Rating, name: String?, policy: Policy) {
        subject = rating.subject.text
        self.name = name
        asOf = rating.asOf
        score = rating.score
        base = rating.base
        tier = TierView(id: rating.tier.id, title: rating.tier.title, min: rating.tier.min)
        lists = rating.listings.map { listing in
            ListingView(
                id: listing.list.id, title: listing.list.title, legalBasis: listing.list.legalBasis,
                remedy: listing.list.remedy, since: listing.since, until: listing.until,
                restricts: listing.list.restricts.map { id in
                    ActionView(
                        id: id,
                        title: policy.actions.first { $0.id == id }?.title
                            ?? policy.privileges.first { $0.id == id }?.title ?? id)
                },
                records: listing.records.map(\.id))
        }
        contributions = rating.contributions.map { contribution in
            let record = contribution.record
            return ContributionView(
                record: record.id, agency: record.agency, reference: record.reference, kind: record.kind,
                kindTitle: policy.kind(record.kind)?.title ?? record.kind, status: contribution.status.rawValue,
                rule: contribution.rule, occurred: record.occurred, points: contribution.points,
                effectEnds: contribution.effectEnds, fulfilled: record.fulfilled, retracted: record.retracted)
        }
        kindTotals = rating.kindTotals.map {
            KindTotalView(kind: $0.kind, sum: $0.sum, total: $0.total, capped: $0.capped)
        }
        self.policy = rating.policy
    }
}

/// Score, tier and lists only: the "after" of a what-if.
struct RatingOutline: Encodable {
    var score: Int
    var tier: String
    var lists: [String]

    init(_ rating: Rating) {
        score = rating.score
        tier = rating.tier.id
        lists = rating.listings.map(\.list.id)
    }
}

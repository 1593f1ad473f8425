import CandorCore

/// Score, tier and lists only: the "before" and "after" of a what-if. The tier has the one shape a rating's
/// tier has everywhere (`RatingExplanation.TierView`: id, title, min).
struct RatingOutline: Encodable {
    var score: Int
    var tier: RatingExplanation.TierView
    var lists: [String]

    init(_ rating: Rating) {
        score = rating.score
        tier = RatingExplanation.TierView(id: rating.tier.id, title: rating.tier.title, min: rating.tier.min)
        lists = rating.listings.map(\.list.id)
    }
}

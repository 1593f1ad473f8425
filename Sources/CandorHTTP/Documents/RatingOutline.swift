import CandorCore

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

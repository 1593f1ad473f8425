/// Figures about many ratings at once: how many subjects are in each tier and on each list.
public struct RatingSummary: Sendable {
    public let policy: Policy
    public private(set) var subjects = 0
    public private(set) var people = 0
    public private(set) var organizations = 0
    /// Subjects per tier id.
    public private(set) var tiers: [String: Int] = [:]
    /// Subjects per list id.
    public private(set) var lists: [String: Int] = [:]
    /// People per list id.
    public private(set) var listedPeople: [String: Int] = [:]
    /// People aged 18 or more on the rating date.
    public private(set) var adults = 0
    /// Counts of scores in bands of `bandWidth`, keyed by each band's lowest score.
    public private(set) var histogram: [Int: Int] = [:]
    public let bandWidth: Int

    /// The band width of the published histogram, in points.
    public static let defaultBandWidth = 50

    public init(policy: Policy, bandWidth: Int = RatingSummary.defaultBandWidth) {
        self.policy = policy
        self.bandWidth = bandWidth
    }

    public mutating func add(_ rating: Rating) {
        subjects += 1
        let person = rating.subject.type == .person
        if person {
            people += 1
            if let born = ResidentIdentityNumber.birthDay(of: rating.subject), rating.asOf.days(since: born) >= 18 * 365
            {
                adults += 1
            }
        } else {
            organizations += 1
        }
        tiers[rating.tier.id, default: 0] += 1
        for listing in rating.listings {
            lists[listing.list.id, default: 0] += 1
            if person { listedPeople[listing.list.id, default: 0] += 1 }
        }
        let band = Int((Double(rating.score) / Double(bandWidth)).rounded(.down)) * bandWidth
        histogram[band, default: 0] += 1
    }
}

extension RegistryStore {
    /// Every subject file of the store, `size` subjects at a time, in the store's order.
    public func forEachPage(size: Int = 5_000, _ body: ([SubjectFile]) throws -> Void) async throws {
        var after: SubjectID?
        while true {
            let files = try await subjectFiles(after: after, limit: size)
            guard let last = files.last else { return }
            try body(files)
            after = last.subject
        }
    }

    /// Rates every subject of the store on `asOf`, page by page, calling `body` with each rating in the
    /// store's order.
    public func forEachRating(
        engine: RatingEngine, asOf day: Day, pageSize: Int = 5_000,
        _ body: (Rating) throws -> Void
    ) async throws {
        try await forEachPage(size: pageSize) { files in
            for file in files {
                try body(engine.rate(file, asOf: day))
            }
        }
    }

    public func recordColumns() async throws -> RecordColumns { try await buildRecordColumns() }

    public func recordColumnsSavingLater() async throws -> RecordColumns { try await recordColumns() }

    /// The record columns read afresh from every subject file, in identifier order.
    public func buildRecordColumns() async throws -> RecordColumns {
        var columns = RecordColumns()
        try await forEachPage { files in
            for file in files { columns.append(file) }
        }
        return columns.inIdentifierOrder()
    }

    /// Rates one subject from its stored file.
    public func rating(of subject: SubjectID, engine: RatingEngine, asOf day: Day) async throws -> Rating {
        engine.rate(try await file(of: subject), asOf: day)
    }
}

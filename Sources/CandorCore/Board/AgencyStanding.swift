/// What the store counts about one agency, from which its public standing is derived.
public struct AgencyActivity: Sendable, Equatable {
    public var agency: String
    public var records: Int
    public var disputes: Int
    /// Days from opening to answer, for every answered dispute.
    public var answerDays: [Int]
    /// Answered disputes whose answer was to retract the record.
    public var overturned: Int
    /// Star ratings (1–5) from subjects' reviews.
    public var reviewStars: [Int]

    public init(
        agency: String, records: Int = 0, disputes: Int = 0, answerDays: [Int] = [], overturned: Int = 0,
        reviewStars: [Int] = []
    ) {
        self.agency = agency
        self.records = records
        self.disputes = disputes
        self.answerDays = answerDays
        self.overturned = overturned
        self.reviewStars = reviewStars
    }
}

/// Records of one agency that occurred in one year.
public struct RecordCount: Sendable, Equatable {
    public var agency: String
    public var year: Int
    public var count: Int

    public init(agency: String, year: Int, count: Int) {
        self.agency = agency
        self.year = year
        self.count = count
    }
}

/// An agency on the public board: "it should be us rating them" (SPEC §2.8).
public struct AgencyStanding: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var recordsSubmitted: Int
    public var disputesReceived: Int
    public var disputesOpen: Int
    /// The share of answered disputes that ended with the record retracted.
    public var shareOverturned: Double?
    /// The median number of days an agency took to answer a dispute.
    public var medianAnswerDays: Double?
    public var averageReview: Double?
    public var reviews: Int

    public init(agency: Agency, activity: AgencyActivity) {
        id = agency.id
        title = agency.title
        recordsSubmitted = activity.records
        disputesReceived = activity.disputes
        disputesOpen = activity.disputes - activity.answerDays.count
        shareOverturned =
            activity.answerDays.isEmpty
            ? nil : Double(activity.overturned) / Double(activity.answerDays.count)
        let days = activity.answerDays.sorted()
        medianAnswerDays =
            days.isEmpty
            ? nil
            : days.count % 2 == 1
                ? Double(days[days.count / 2]) : Double(days[days.count / 2 - 1] + days[days.count / 2]) / 2
        averageReview =
            activity.reviewStars.isEmpty
            ? nil : Double(activity.reviewStars.reduce(0, +)) / Double(activity.reviewStars.count)
        reviews = activity.reviewStars.count
    }

    /// The board: every agency of the policy, with what the store counted about it.
    public static func board(policy: Policy, activity: [AgencyActivity]) -> [AgencyStanding] {
        let byAgency = Dictionary(activity.map { ($0.agency, $0) }, uniquingKeysWith: { first, _ in first })
        return policy.agencies.map {
            AgencyStanding(agency: $0, activity: byAgency[$0.id] ?? AgencyActivity(agency: $0.id))
        }
    }
}

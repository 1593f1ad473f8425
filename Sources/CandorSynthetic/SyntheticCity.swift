import CandorCore
/// A synthetic city of people and businesses with six years of records from every agency, the same for
/// the same seed, sizes, end date and policy.
///
/// People get valid resident identity numbers (regions of Shanghai and of the provinces its migrants
/// come from) and plausible names; businesses get valid Unified Social Credit Codes. Records occur
/// over the six years before `until`, at rates grounded in published figures, with later fulfilments
/// and a few retractions. Kinds the policy lacks are skipped; each record comes from the first agency the
/// policy grants its kind.
public struct SyntheticCity: Sendable {
    public struct Configuration: Sendable {
        public var people: Int
        public var businesses: Int
        public var seed: UInt64
        /// The last day of the city's history; records occur in the six years before it.
        public var until: Day
        /// How many times the usual number of records to generate (1 gives the usual city; 6.2 turns
        /// 22 million subjects into about 100 million records).
        public var intensity: Double

        public init(people: Int, businesses: Int, seed: UInt64, until: Day, intensity: Double = 1) {
            self.people = people
            self.businesses = businesses
            self.seed = seed
            self.until = until
            self.intensity = intensity
        }
    }

    /// A generated subject and its display name.
    public struct Resident: Sendable {
        public var id: SubjectID
        public var name: String
    }

    /// A slice of the city: some subjects and all of their records.
    public struct Chunk: Sendable {
        public var residents: [Resident]
        public var records: [Record]
    }

    public let configuration: Configuration
    let agencyOfKind: [String: String]
    static let years = 6
    static let retractedShare = 0.012

    static let shanghaiRegions = [
        310_101, 310_104, 310_105, 310_106, 310_107, 310_109, 310_110, 310_112, 310_113,
        310_114, 310_115, 310_116, 310_117, 310_118, 310_120, 310_151,
    ]
    static let migrantRegions = [
        320_102, 330_106, 340_102, 360_102, 370_102, 410_102, 420_102, 430_102, 510_104,
        110_105, 440_106, 350_102,
    ]

    public init(configuration: Configuration, policy: Policy) {
        self.configuration = configuration
        var agencyOfKind: [String: String] = [:]
        for agency in policy.agencies {
            for kind in agency.kinds where agencyOfKind[kind] == nil { agencyOfKind[kind] = agency.id }
        }
        self.agencyOfKind = agencyOfKind
    }

    /// The city's subjects and records, chunk by chunk.
    public func makeGenerator(chunkSize: Int = 10_000) -> Generator {
        Generator(city: self, chunkSize: max(1, chunkSize))
    }

    /// Produces the city in chunks of subjects, people first, so a city of any size fits in memory.
    public struct Generator: Sendable {
        let city: SyntheticCity
        let chunkSize: Int
        var next = 0
        var usedIdentifiers: Set<String> = []

        /// The next chunk, or `nil` when the whole city has been produced.
        public mutating func nextChunk() -> Chunk? {
            let total = city.configuration.people + city.configuration.businesses
            guard next < total else { return nil }
            var chunk = Chunk(residents: [], records: [])
            let end = min(total, next + chunkSize)
            for index in next..<end {
                if index < city.configuration.people {
                    city.person(index, into: &chunk, used: &usedIdentifiers)
                } else {
                    city.business(index - city.configuration.people, into: &chunk, used: &usedIdentifiers)
                }
            }
            next = end
            return chunk
        }

        /// How many subjects have been produced so far.
        public var produced: Int { next }
    }
}

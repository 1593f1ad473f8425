/// The published JSON form of a rating (`candor rate --json`):
/// `{subject, asOf, score, tier, lists: [{id, since, until}], contributions: [...], policy: {id, version, sha256}}`.
public struct RatingDocument: Codable, Sendable, Equatable {
    public struct ListEntry: Codable, Sendable, Equatable {
        public var id: String
        public var since: Day
        public var until: Day
    }

    public struct ContributionEntry: Codable, Sendable, Equatable {
        public var record: Int64
        public var agency: String
        public var reference: String
        public var kind: String
        public var points: Double
        public var status: Contribution.Status
        public var effectEnds: Day?
    }

    public var subject: String
    public var asOf: Day
    public var score: Int
    public var tier: String
    public var lists: [ListEntry]
    public var contributions: [ContributionEntry]
    public var policy: PolicyReference

    public init(_ rating: Rating) {
        subject = rating.subject.text
        asOf = rating.asOf
        score = rating.score
        tier = rating.tier.id
        lists = rating.listings.map { ListEntry(id: $0.list.id, since: $0.since, until: $0.until) }
        contributions = rating.contributions.map {
            ContributionEntry(
                record: $0.record.id, agency: $0.record.agency, reference: $0.record.reference,
                kind: $0.record.kind, points: $0.points, status: $0.status, effectEnds: $0.effectEnds)
        }
        policy = rating.policy
    }
}

/// One line of `candor export ratings`: `{"subject", "score", "tier", "lists": [list ids]}`.
public enum ExportLine {
    /// The NDJSON line for a rating, without the line break. Written by hand: it runs once per subject.
    public static func json(_ rating: Rating) -> String {
        var line = "{\"subject\":\"\(rating.subject.text)\",\"score\":\(rating.score),\"tier\":"
        line += jsonString(rating.tier.id)
        line += ",\"lists\":["
        line += rating.listings.map { jsonString($0.list.id) }.joined(separator: ",")
        line += "]}"
        return line
    }
}

/// A JSON string literal for `text`, escaped as RFC 8259 requires.
public func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}

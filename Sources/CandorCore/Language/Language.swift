import Foundation

/// The languages Candor speaks: every page, every API error message and the CLI's letters come in each.
/// English is the language the sentences are written in; Simplified Chinese comes from the catalogue
/// (`Resources/chinese.toml`), looked up by the English sentence.
public enum Language: String, Sendable, CaseIterable, Codable {
    case en
    case zh

    /// The value of an HTML `lang` attribute and a `Content-Language` header.
    public var tag: String {
        switch self {
        case .en: "en"
        case .zh: "zh-CN"
        }
    }

    /// The language's own name, as a language switch shows it.
    public var ownName: String {
        switch self {
        case .en: "English"
        case .zh: "中文"
        }
    }

    /// A language named by `?lang=`, a cookie or `--lang`: `en`, `zh`, or a tag such as `zh-CN` or `en-GB`.
    public init?(named name: some StringProtocol) {
        let primary = name.split(separator: "-").first.map { $0.lowercased() } ?? ""
        guard let language = Language(rawValue: primary) else { return nil }
        self = language
    }

    /// The language a request's `Accept-Language` header prefers most among Candor's (RFC 9110 §12.5.4:
    /// the highest `q`, the earlier on a tie); `nil` when it names none of them.
    public static func preferred(acceptLanguage header: String?) -> Language? {
        guard let header else { return nil }
        var best: (language: Language, q: Double)?
        for range in header.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, let language = Language(named: tag) else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)) ?? 0
            }
            if q > 0, q > (best?.q ?? 0) { best = (language, q) }
        }
        return best?.language
    }

    // MARK: saying things

    /// `english` in this language, with each `{{name}}` replaced by `values[name]`.
    public func say(_ english: String, _ values: [String: String] = [:]) -> String {
        Words(english, values).text(in: self)
    }

    /// The sentence `english` in this language, its `{{placeholders}}` left in place: what a page template's
    /// `{{#t}}…{{/t}}` section becomes before it is rendered.
    public func template(_ english: String) -> String {
        switch self {
        case .en: english
        case .zh: Catalogue.chinese[english] ?? english
        }
    }

    /// `day` as this language writes a date: `2 December 2026`, `2026年12月2日`.
    public func date(_ day: Day) -> String {
        let (year, month, dayOfMonth) = day.civil
        switch self {
        case .en: return "\(dayOfMonth) \(Self.monthNames[month - 1]) \(year)"
        case .zh: return "\(year)年\(month)月\(dayOfMonth)日"
        }
    }

    /// `instant` in `zone` as this language writes a date and time, with the zone's abbreviation:
    /// `2 December 2026, 15:33 CST`, `2026年12月2日 15:33（CST）`.
    public func dateTime(_ instant: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day,
            let day = Day(year: year, month: month, day: dayOfMonth)
        else { return "\(instant)" }
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        let abbreviation = zone.abbreviation(for: instant) ?? zone.identifier
        switch self {
        case .en: return "\(date(day)), \(time) \(abbreviation)"
        case .zh: return "\(date(day)) \(time)（\(abbreviation)）"
        }
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
}

/// A sentence to be said in the language of whoever reads it: its English text, with `{{name}}` placeholders,
/// and the values that fill them. Errors carry `Words`, so each door renders them in its reader's language.
public struct Words: Sendable, Equatable, CustomStringConvertible {
    /// The sentence in English, the catalogue's key.
    public let english: String
    public let values: [String: String]

    public init(_ english: String, _ values: [String: String] = [:]) {
        self.english = english
        self.values = values
    }

    /// The sentence in `language`, its placeholders filled. A value written `day:YYYY-MM-DD` is a date,
    /// shown as the language writes dates.
    public func text(in language: Language) -> String {
        let template = language.template(english)
        guard template.contains("{{") else { return template }
        // One pass over the sentence: a value is never read again, so text a person typed that looks like a
        // placeholder stays as typed.
        var text = ""
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            text += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = String(rest[open.upperBound..<close.lowerBound])
            if let value = values[name] {
                if value.hasPrefix("day:"), let day = Day(iso: value.dropFirst(4)) {
                    text += language.date(day)
                } else if value.hasPrefix("say:") {
                    text += language.template(String(value.dropFirst(4)))
                } else {
                    text += value
                }
            } else {
                text += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return text + rest
    }

    /// The sentence in English.
    public var description: String { text(in: .en) }
}

/// The Simplified Chinese catalogue, read once from the CandorCore bundle.
public enum Catalogue {
    /// Every English sentence Candor says, mapped to its Chinese.
    public static let chinese: [String: String] = {
        guard let url = Bundle.module.url(forResource: "chinese", withExtension: "toml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("the catalogue chinese.toml is missing from the CandorCore bundle") }
        do {
            guard case let .table(table)? = try PolicyNode.parse(text)["zh"] else {
                preconditionFailure("the catalogue chinese.toml has no [zh] table")
            }
            return table.compactMapValues { node in
                if case let .string(text) = node { return text }
                return nil
            }
        } catch {
            preconditionFailure("the catalogue chinese.toml does not parse: \(error)")
        }
    }()
}

/// A string literal is a sentence to look up; each interpolated value becomes a numbered placeholder, so
/// `"the dispute \(id) was answered on \(day)"` is the catalogue's "the dispute {{1}} was answered on {{2}}"
/// with its values, and a `Day` is shown as the reader's language writes dates.
extension Words: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) {
        self.init(value)
    }

    public init(stringInterpolation: Interpolation) {
        self.init(stringInterpolation.english, stringInterpolation.values)
    }

    public struct Interpolation: StringInterpolationProtocol {
        var english = ""
        var values: [String: String] = [:]

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { english += literal }

        private mutating func append(_ value: String) {
            let name = "\(values.count + 1)"
            english += "{{\(name)}}"
            values[name] = value
        }

        public mutating func appendInterpolation(_ value: some CustomStringConvertible) { append(value.description) }
        public mutating func appendInterpolation(_ day: Day) { append("day:\(day.iso)") }
        /// A sentence inside a sentence: said in the reader's language too, when it has no values of its own.
        public mutating func appendInterpolation(_ words: Words) {
            append(words.values.isEmpty ? "say:" + words.english : words.description)
        }
    }
}

extension Words {
    /// Two sentences as one, the numbered placeholders of the second renumbered after the first's:
    /// a long message may be written as literals joined by `+`.
    public static func + (lhs: Words, rhs: Words) -> Words {
        let offset = lhs.values.keys.compactMap(Int.init).max() ?? 0
        var english = rhs.english
        var values = lhs.values
        for (name, value) in rhs.values.sorted(by: { (Int($0.key) ?? 0) > (Int($1.key) ?? 0) }) {
            guard let number = Int(name) else {
                values[name] = value
                continue
            }
            english = english.replacingOccurrences(of: "{{\(number)}}", with: "{{\(number + offset)}}")
            values["\(number + offset)"] = value
        }
        return Words(lhs.english + english, values)
    }
}

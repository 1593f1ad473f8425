import CandorCore
import CandorRegistry
import Foundation
import Hummingbird

/// Who reads an answer: their language, chosen by `?lang=`, then the `candor_lang` cookie a switch sets,
/// then `Accept-Language`, then English; and what follows from it — the policy's titles in that language,
/// dates in its usual form, times in the registry's time zone.
struct Reader: Sendable {
    static let cookie = "candor_lang"

    let language: Language
    /// The policy with its titles, legal bases and remedies in the reader's language.
    let policy: Policy
    /// The language named by `?lang=`, which the answer remembers in a cookie.
    let chosen: Language?

    /// The reader of `request`; `policies` holds the policy in each language, made once.
    init(_ request: Request, policies: [Language: Policy]) {
        chosen = Self.chosen(request)
        language = Self.language(of: request)
        policy = policies[language]!
    }

    /// The language named by the request's `?lang=`, if any.
    static func chosen(_ request: Request) -> Language? {
        request.uri.queryParameters["lang"].flatMap { Language(named: String($0)) }
    }

    /// The language a request asks for: `?lang=`, the pages' cookie (when `remembered`), `Accept-Language`,
    /// then English. Pages choose by it, and API errors without the cookie.
    static func language(of request: Request, remembered: Bool = true) -> Language {
        chosen(request) ?? (remembered ? request.cookies[cookie].flatMap { Language(named: $0.value) } : nil)
            ?? Language.preferred(acceptLanguage: request.headers[.acceptLanguage]) ?? .en
    }

    func say(_ english: String, _ values: [String: String] = [:]) -> String { say(Words(english, values)) }
    /// `words` in the reader's language; a value written `agency:ID` (or `agencies:A,B`) is shown as the
    /// agency's title in that language.
    func say(_ words: Words) -> String {
        var values = words.values
        for (name, value) in values {
            if value.hasPrefix("agency:") {
                let id = String(value.dropFirst(7))
                values[name] = policy.agency(id)?.title ?? id
            } else if value.hasPrefix("agencies:") {
                let ids = value.dropFirst(9).split(separator: ",").map(String.init)
                values[name] = ids.map { policy.agency($0)?.title ?? $0 }.joined(separator: say(" or "))
            }
        }
        return Words(words.english, values).text(in: language)
    }
    /// A day as the reader's language writes it.
    func day(_ day: Day) -> String { language.date(day) }
    /// An instant in the registry's time zone, as the reader's language writes it.
    func time(_ instant: Date) -> String { language.dateTime(instant, in: policy.timeZone) }

    /// Where a page shows a refusal: beside the form field `field(of:)` names for the refused request field,
    /// or, when it names none, at the top of the page.
    func place(_ error: RegistryError?, field: (String) -> String?) -> (fields: [String: String], page: String?) {
        guard let error else { return ([:], nil) }
        if let refused = error.field, let shown = field(refused) { return ([shown: say(error.words)], nil) }
        return ([:], say(error.words))
    }

    /// A chart for a page, its scale named in the reader's language.
    func chart(_ chart: BarChart) -> String {
        var chart = chart
        chart.logarithmicWords = say("logarithmic scale")
        return chart.html
    }

    /// The cookie that remembers a language chosen with `?lang=`, for a year.
    var rememberedChoice: Cookie? {
        chosen.map {
            Cookie(
                name: Self.cookie, value: $0.rawValue, maxAge: 365 * 86_400, path: "/", secure: true, httpOnly: true,
                sameSite: .lax)
        }
    }
}

import Foundation
import Testing

@testable import CandorCore

@Suite("Two languages")
struct LanguageTests {
    @Test(
        "Accept-Language picks the highest weight among English and Chinese, the earlier on a tie",
        arguments: [
            ("zh-CN,zh;q=0.9,en;q=0.8", Language.zh), ("en-GB,en;q=0.9", .en), ("fr-FR, zh;q=0.5, en;q=0.4", .zh),
            ("de, en;q=0.1", .en), ("zh;q=0, en", .en), ("zh-Hans-CN", .zh), ("EN-us", .en),
        ])
    func acceptLanguage(header: String, expected: Language) {
        #expect(Language.preferred(acceptLanguage: header) == expected)
    }

    @Test("a header naming neither language, or none, chooses nothing")
    func noLanguage() {
        #expect(Language.preferred(acceptLanguage: "fr, de;q=0.5") == nil)
        #expect(Language.preferred(acceptLanguage: nil) == nil)
        #expect(Language.preferred(acceptLanguage: "*") == nil)
    }

    @Test(
        "an interpolated sentence is a catalogue key with numbered placeholders; a day is said as each language writes it"
    )
    func interpolation() {
        let day = Day(iso: "2026-12-02")!
        let words: Words = "dispute \(7) was answered on \(day)" + "; ask \("court")"
        #expect(words.english == "dispute {{1}} was answered on {{2}}; ask {{3}}")
        #expect(words.text(in: .en) == "dispute 7 was answered on 2 December 2026; ask court")
        #expect(Language.zh.date(day) == "2026年12月2日")
        let typed = Words("reason: {{1}} on {{2}}", ["1": "see {{2}}", "2": "day:2026-12-02"])
        #expect(typed.text(in: .en) == "reason: see {{2}} on 2 December 2026", "a typed value is never read again")
        let long = Words(
            (1...11).map { "{{\($0)}}" }.joined(separator: " "),
            Dictionary(uniqueKeysWithValues: (1...11).map { ("\($0)", "v\($0)") }))
        #expect(("x \(0) " + long).text(in: .en) == "x 0 " + (1...11).map { "v\($0)" }.joined(separator: " "))
        let role: Words = "this needs \(Role.agency.key)"
        #expect(role.text(in: .en) == "this needs an agency key")
        #expect(role.text(in: .zh).contains("机构密钥"), "a sentence inside a sentence is translated too")
    }

    @Test("times are shown in the registry's time zone, with its abbreviation")
    func times() {
        let instant = Date(timeIntervalSince1970: 1_796_196_000)  // 2026-12-02 07:20 UTC
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        #expect(Language.en.dateTime(instant, in: shanghai).hasPrefix("2 December 2026, 15:20"))
        #expect(Language.zh.dateTime(instant, in: shanghai).hasPrefix("2026年12月2日 15:20"))
        // 17:30 UTC on 1 December is already 2 December in Shanghai: the registry's today is its own date.
        let evening = Date(timeIntervalSince1970: 1_796_146_200)
        #expect(Day.today(in: shanghai, at: evening) == Day(iso: "2026-12-02"))
        #expect(Day.today(in: TimeZone(identifier: "UTC")!, at: evening) == Day(iso: "2026-12-01"))
    }

    @Test("every Chinese sentence keeps the placeholders and tags of its English")
    func catalogue() throws {
        #expect(Catalogue.chinese.count > 400)
        func tokens(_ text: String, _ pattern: String) -> [String] {
            let expression = try! NSRegularExpression(pattern: pattern)
            let range = NSRange(text.startIndex..., in: text)
            return expression.matches(in: text, range: range).map { String(text[Range($0.range, in: text)!]) }
                .sorted()
        }
        for (english, chinese) in Catalogue.chinese {
            #expect(tokens(english, #"\{\{[^}]*\}\}"#) == tokens(chinese, #"\{\{[^}]*\}\}"#), "\(english)")
            #expect(tokens(english, "<[^>]*>") == tokens(chinese, "<[^>]*>"), "\(english)")
            #expect(!chinese.isEmpty && chinese != english || english.allSatisfy { !$0.isLetter }, "\(english)")
        }
    }

    @Test("the shipped policy is written in both languages, in Shanghai time")
    func shippedPolicy() {
        let policy = Policy.shipped
        #expect(policy.languages == [.en, .zh])
        #expect(policy.timeZone.identifier == "Asia/Shanghai")
        let chinese = policy.localized(.zh)
        func isChinese(_ text: String) -> Bool { text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        let texts =
            [chinese.title] + chinese.tiers.map(\.title) + chinese.agencies.map(\.title) + chinese.kinds.map(\.title)
            + chinese.lists.flatMap { [$0.title, $0.legalBasis, $0.remedy] + $0.measures.map(\.legalBasis) }
            + chinese.kinds.filter(\.takesPointsAway).map(\.legalBasis) + chinese.actions.map(\.title)
            + chinese.privileges.map(\.title)
        #expect(texts.allSatisfy(isChinese), "\(texts.filter { !isChinese($0) })")
        #expect(chinese.sha256 == policy.sha256 && chinese.kinds.map(\.id) == policy.kinds.map(\.id))
        #expect(policy.localized(.en).lists.map(\.title) == policy.lists.map(\.title))
    }

    static func lint(_ edit: (String) -> String) -> [PolicyProblem] {
        Policy.lint(Data(edit(String(decoding: Policy.shippedData, as: UTF8.self)).utf8)).problems
    }

    @Test("lint names a missing translation, an unknown language and an unknown time zone")
    func lintLanguages() {
        let missing = Self.lint {
            $0.replacingOccurrences(of: "title_zh = \"购买高铁车票\"\n", with: "")
        }
        #expect(missing.count == 1)
        #expect(
            missing.first?.entry == "action 'rail.high-speed'" && missing.first?.message.contains("title_zh") == true)
        let remedy = Self.lint {
            $0.replacingOccurrences(of: "remedy_zh = \"履行判决；法院记录履行之日，名单即告终止。\"\n", with: "")
        }
        #expect(remedy.first?.message.contains("remedy_zh") == true)
        let english = Self.lint {
            $0.replacingOccurrences(of: "languages = [\"en\", \"zh\"]", with: "languages = [\"en\"]")
                .replacingOccurrences(of: "title_zh = \"购买高铁车票\"\n", with: "")
        }
        #expect(english.isEmpty, "a policy in English only needs no translation")
        let french = Self.lint {
            $0.replacingOccurrences(of: "languages = [\"en\", \"zh\"]", with: "languages = [\"en\", \"fr\"]")
        }
        #expect(french.contains { $0.message.contains("'fr'") })
        let zone = Self.lint { $0.replacingOccurrences(of: "Asia/Shanghai", with: "Mars/Olympus") }
        #expect(zone.contains { $0.message.contains("Mars/Olympus") })
    }
}

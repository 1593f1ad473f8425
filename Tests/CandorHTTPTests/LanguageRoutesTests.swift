import CandorCore
import CandorHTTP
import CandorTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Pages and API errors speak the reader's language: `?lang=` (remembered in a cookie), then the cookie, then
/// `Accept-Language`, then English.
@Suite("Languages of the doors")
struct LanguageRoutesTests {
    static func get(_ client: RegistryHarness.Client, _ uri: String, headers: HTTPFields = [:]) async throws
        -> TestResponse
    {
        try await client.client.execute(uri: uri, method: .get, headers: headers)
    }

    @Test("a page is in Chinese for a reader who asks for it, with a switch to English, and remembers a choice")
    func pages() async throws {
        try await RegistryHarness().test { client in
            let english = try await Self.get(client, "/")
            #expect(english.text.contains(#"<html lang="en">"#) && english.text.contains(">My rating</a>"))
            let chinese = try await Self.get(client, "/", headers: [.acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8"])
            #expect(chinese.text.contains(#"<html lang="zh-CN">"#))
            #expect(chinese.text.contains(">我的信用</a>") && !chinese.text.contains(">My rating</a>"))
            #expect(chinese.headers[.contentLanguage] == "zh-CN")
            #expect(chinese.text.contains(#"<a href="/?lang=en" lang="en" hreflang="en">English</a>"#))
            for path in ["/policy", "/statistics", "/agencies", "/signin"] {
                let page = try await Self.get(client, path + "?lang=zh")
                #expect(page.text.contains(#"<html lang="zh-CN">"#), "\(path)")
                #expect(!page.text.contains("{{"), "\(path) has no placeholder left")
            }
            let chosen = try await Self.get(client, "/?lang=zh")
            let cookie = try #require(chosen.headers[values: .setCookie].first { $0.hasPrefix("candor_lang=zh") })
            let remembered = try await Self.get(
                client, "/", headers: [.cookie: String(cookie.split(separator: ";")[0]), .acceptLanguage: "en"])
            #expect(remembered.text.contains(#"<html lang="zh-CN">"#), "the choice outranks the browser's header")
            let overridden = try await Self.get(
                client, "/?lang=en", headers: [.cookie: String(cookie.split(separator: ";")[0])])
            #expect(overridden.text.contains(#"<html lang="en">"#))
        }
    }

    @Test("an API error is in the language the request asks for, its code the same in both")
    func errors() async throws {
        try await RegistryHarness().test { client in
            let english = try await Self.get(client, "/v1/me")
            let chinese = try await Self.get(client, "/v1/me", headers: [.acceptLanguage: "zh-CN"])
            #expect(english.status == .unauthorized && chinese.status == .unauthorized)
            let message = { (response: TestResponse) in
                (response.object["error"] as? [String: Any])?["message"] as? String ?? ""
            }
            let code = { (response: TestResponse) in (response.object["error"] as? [String: Any])?["code"] as? String }
            #expect(message(english).hasPrefix("send an API key"))
            #expect(
                message(chinese).unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(message(chinese))"
            )
            #expect(code(english) == code(chinese))
            let missing = try await Self.get(client, "/v1/nothing?lang=zh")
            #expect(
                missing.status == .notFound && message(missing).contains("/v1/nothing")
                    && message(missing).contains("路由"))
            let wrongKey = try await client.client.execute(
                uri: "/v1/me", method: .get,
                headers: [.authorization: "Bearer " + client.keys["court"]!, .acceptLanguage: "zh"])
            #expect(message(wrongKey).contains("信用主体密钥") && message(wrongKey).contains("机构密钥"), "\(message(wrongKey))")
            let badIdentifier = try await client.client.execute(
                uri: "/v1/checks", method: .post,
                headers: [
                    .authorization: "Bearer " + client.keys["provider"]!, .acceptLanguage: "zh-CN",
                    .contentType: "application/json",
                ],
                body: ByteBuffer(
                    string: #"{"subject": "110105194912310021", "action": "rail.ticket", "purpose": "Ticket sale"}"#))
            #expect(message(badIdentifier).contains("校验码为'1'，应为'X'"), "\(message(badIdentifier))")
            _ = try await client.post(
                "/v1/records", as: "court",
                json:
                    #"{"reference": "Z1", "subject": "11010519491231002X", "kind": "court.default", "occurred": "2026-01-02"}"#
            )
            let early = try await client.client.execute(
                uri: "/v1/me/repairs", method: .post,
                headers: [
                    .authorization: "Bearer " + client.keys["person"]!, .acceptLanguage: "zh",
                    .contentType: "application/json",
                ],
                body: ByteBuffer(string: #"{"record": 1, "commitment": "I will pay"}"#))
            #expect(
                message(early).contains("尚未履行"),
                "a refusal from a rule of the core is in Chinese too: \(message(early))")
            let wrongKeyEnglish = try await client.get("/v1/me", as: "court")
            #expect(
                message(wrongKeyEnglish) == "this needs a subject key; the key presented is an agency key",
                "never “a agency key”")
        }
    }

    @Test("charts tick at round values, show every band, and name a logarithmic scale when one bar dominates")
    func charts() {
        #expect(BarChart.ticks(upTo: 23006) == [0, 10000, 20000, 30000])
        #expect(BarChart.ticks(upTo: 7) == [0, 2, 4, 6, 8])
        #expect(BarChart.ticks(upTo: 100) == [0, 50, 100])
        let histogram = BarChart.histograms(
            title: "Scores", bandWidth: 50, [("now", [900: 3, 1000: 9600, 1100: 4], "#000")])
        #expect(histogram.categories == ["900", "950", "1000", "1050", "1100"], "the empty bands are there")
        #expect(histogram.series[0].values == [3, 0, 9600, 0, 4])
        #expect(histogram.isDominated && histogram.svg.contains("(logarithmic scale)"))
        #expect(histogram.svg.contains(">1000</text>") && histogram.svg.contains(">10</text>"))
        let even = BarChart(
            title: "Tiers", categories: ["a", "b", "c"],
            series: [.init(label: "n", values: [30, 50, 40], colour: "#000")])
        #expect(!even.isDominated && !even.svg.contains("logarithmic"))
        let legend = BarChart(
            title: "By agency", categories: ["2025"],
            series: (1...8).map { .init(label: "Agency number \($0) with a long name", values: [$0], colour: "#000") })
        let rows = legend.svg.components(separatedBy: #"fill="rgb(26,26,26)">Agency number"#).count - 1
        #expect(rows == 8, "every series has its own legend row, so no label overlaps another")
        #expect(legend.html.contains("chart-narrow") && legend.html.contains(#"viewBox="0 0 360"#))
    }
}

import Testing

@testable import CandorCore

@Suite("Days")
struct DayTests {
    @Test(
        "ISO dates round-trip and count days",
        arguments: ["1970-01-01", "2000-02-29", "1899-12-31", "2026-11-26", "9999-12-31"])
    func roundTrip(_ text: String) throws {
        let parsed = try #require(Day(iso: text))
        #expect(parsed.iso == text)
    }

    @Test("known ordinals")
    func ordinals() {
        #expect(Day(iso: "1970-01-01")?.ordinal == 0)
        #expect(Day(iso: "2000-03-01")!.days(since: Day(iso: "2000-02-28")!) == 2)
        #expect(Day(iso: "2024-01-01")!.adding(days: 366).iso == "2025-01-01")
        #expect(Day(iso: "1969-12-31")?.ordinal == -1)
    }

    @Test(
        "impossible or malformed dates are refused",
        arguments: [
            "2023-02-29", "1900-02-29", "2026-13-01", "2026-00-10",
            "2026-04-31", "2026-1-01", "20260101", "2026/01/01", "",
        ])
    func refused(_ text: String) {
        #expect(Day(iso: text) == nil)
    }
}

import Foundation
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

    @Test("today follows the clock across midnight, backwards, and from zone to zone")
    func todayAcrossMidnight() {
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let utc = TimeZone(identifier: "UTC")!
        // 2026-12-02 00:00 in Shanghai is 2026-12-01 16:00 UTC.
        let midnight = Date(timeIntervalSince1970: 1_796_140_800)
        let asked: [(TimeZone, Date, String)] = [
            (shanghai, midnight - 0.001, "2026-12-01"), (shanghai, midnight, "2026-12-02"),
            (shanghai, midnight + 86_399.999, "2026-12-02"), (shanghai, midnight + 86_400, "2026-12-03"),
            (shanghai, midnight - 1, "2026-12-01"), (utc, midnight, "2026-12-01"), (shanghai, midnight, "2026-12-02"),
            (utc, midnight + 8 * 3600, "2026-12-02"), (utc, midnight + 8 * 3600 - 1, "2026-12-01"),
        ]
        for (zone, instant, day) in asked {
            #expect(Day.today(in: zone, at: instant) == Day(iso: day), "\(zone.identifier) \(instant)")
        }
    }
}

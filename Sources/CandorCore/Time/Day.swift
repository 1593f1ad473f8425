import Foundation
import Synchronization

/// A whole calendar day, counted from 1970-01-01 (day 0), in the proleptic Gregorian calendar.
///
/// Candor reasons about dates only, never times of day: a record occurred on a day, a rating is
/// as of a day, and ages are differences of days. `Day` is a plain integer so that a day compares,
/// subtracts and hashes at the cost of an `Int32`.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var ordinal: Int32

    public init(ordinal: Int32) {
        self.ordinal = ordinal
    }

    /// The day with the given year, month (1–12) and day of month, or `nil` when no such day exists.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.ordinal = Int32(era * 146_097 + doe - 719_468)
    }

    /// Parses an ISO 8601 calendar date, `YYYY-MM-DD`. Returns `nil` for anything else.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month and day of month of this day.
    public var civil: (year: Int, month: Int, day: Int) {
        let z = Int(ordinal) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The ISO 8601 form, `YYYY-MM-DD`.
    public var iso: String {
        let (year, month, day) = civil
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> Day {
        Day(ordinal: ordinal + Int32(days))
    }

    /// The day someone born on this day has lived `years` whole years: the same month and day that many
    /// years later, and for someone born on 29 February, 1 March in a common year (SPEC §6, "Minors").
    public func anniversary(years: Int) -> Day {
        let (year, month, day) = civil
        if let same = Day(year: year + years, month: month, day: day) { return same }
        return Day(year: year + years, month: 3, day: 1)!
    }

    /// Whole days from `other` to this day.
    public func days(since other: Day) -> Int {
        Int(ordinal) - Int(other.ordinal)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date YYYY-MM-DD, got \(text)")
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

extension Day {
    /// The day it is at `instant` in `zone`: the registry's "today" is the date in its own time zone
    /// (`[policy] time_zone`), so a record made at 01:00 in Shanghai is dated that day, not the day before.
    public static func today(in zone: TimeZone, at instant: Date = Date()) -> Day {
        if let known = lastToday.withLock({ $0 }), known.zone == zone, known.start <= instant, instant < known.end {
            return known.day
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        let day = Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? Day(ordinal: 0)
        let start = calendar.startOfDay(for: instant)
        if let end = calendar.date(byAdding: .day, value: 1, to: start) {
            lastToday.withLock { $0 = (zone, start, end, day) }
        }
        return day
    }

    /// The day last asked for and the instants it spans in its zone: every check asks, and the calendar's
    /// arithmetic is worth doing once a day.
    private static let lastToday = Mutex<(zone: TimeZone, start: Date, end: Date, day: Day)?>(nil)
}

import CandorCore
import Foundation

/// A subject's score on the first day of each month over three years, as an SVG line chart: a wide
/// drawing for desks and a narrow one for phones, with round ticks and dates in the reader's language.
struct ScoreHistoryChart {
    let points: [(day: Day, score: Int)]

    /// Rates the file on the first of each month for 36 months up to `today`, and today.
    init(file: SubjectFile, engine: RatingEngine, today: Day) {
        let (year, month, _) = today.civil
        var days: [Day] = []
        for back in stride(from: 35, through: 0, by: -1) {
            let total = year * 12 + (month - 1) - back
            if let day = Day(year: total / 12, month: total % 12 + 1, day: 1) { days.append(day) }
        }
        if days.last != today { days.append(today) }
        points = days.map { day in
            (day, engine.rate(file, asOf: day).score)
        }
    }

    func html(_ reader: Reader) -> String { BarChart.bothWidths { drawing(width: $0, reader, id: $1) } }

    /// Round score ticks around the scores shown: steps of 10, 20, 50, 100 or 200 points.
    static func ticks(low: Int, high: Int) -> [Int] {
        let span = max(1, high - low)
        let step = [10, 20, 50, 100, 200, 500].first { span / $0 <= 5 } ?? 1000
        let first = Int((Double(low) / Double(step)).rounded(.down)) * step
        let last = Int((Double(high) / Double(step)).rounded(.up)) * step
        return Array(stride(from: first, through: max(last, first + step), by: step))
    }

    private func drawing(width: Int, _ reader: Reader, id suffix: String) -> String {
        let narrow = width < 500
        let height = narrow ? 220 : 260, left = 48, right = 14, top = 28, bottom = 34
        let scores = points.map(\.score)
        let ticks = Self.ticks(low: (scores.min() ?? 0) - 10, high: (scores.max() ?? 0) + 10)
        let low = ticks.first!, high = ticks.last!
        let span = max(1, high - low)
        func x(_ index: Int) -> Int { left + (width - left - right) * index / max(1, points.count - 1) }
        func y(_ score: Int) -> Int { top + (height - top - bottom) * (high - score) / span }
        let id = "history-" + suffix
        let title = reader.say("Score over the last three years")
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
                + "aria-labelledby=\"\(id)-title \(id)-desc\">",
            "<title id=\"\(id)-title\">\(title)</title>",
            "<desc id=\"\(id)-desc\">"
                + points.map { "\(reader.day($0.day)): \($0.score)" }.joined(separator: "; ") + "</desc>",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
        ]
        for value in ticks {
            parts.append(
                "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(value))\" y2=\"\(y(value))\" stroke=\"rgb(208,208,208)\"/>"
            )
            parts.append(
                "<text x=\"\(left - 6)\" y=\"\(y(value) + 4)\" text-anchor=\"end\" font-family=\"sans-serif\" "
                    + "font-size=\"12\" fill=\"rgb(68,68,68)\">\(value)</text>")
        }
        let line = points.enumerated().map { "\(x($0.offset)),\(y($0.element.score))" }.joined(separator: " ")
        parts.append("<polyline points=\"\(line)\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"2.5\"/>")
        let every = narrow ? 12 : 6
        for (index, point) in points.enumerated() where index % every == 0 || index == points.count - 1 {
            if index != points.count - 1, points.count - 1 - index < every / 2 { continue }
            let (year, month, _) = point.day.civil
            let label = reader.language == .zh ? "\(year)年\(month)月" : String(point.day.iso.prefix(7))
            parts.append(
                "<text x=\"\(x(index))\" y=\"\(height - 12)\" "
                    + "text-anchor=\"\(index == points.count - 1 ? "end" : index == 0 ? "start" : "middle")\" "
                    + "font-family=\"sans-serif\" font-size=\"12\" fill=\"rgb(68,68,68)\">\(label)</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}

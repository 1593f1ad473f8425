import CandorCore

/// A subject's score on the first day of each month over three years, as an SVG line chart.
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

    var svg: String {
        let width = 720, height = 260, left = 56, right = 16, top = 24, bottom = 36
        let scores = points.map(\.score)
        let low = (scores.min() ?? 0) - 20, high = (scores.max() ?? 0) + 20
        let span = max(1, high - low)
        func x(_ index: Int) -> Int { left + (width - left - right) * index / max(1, points.count - 1) }
        func y(_ score: Int) -> Int { top + (height - top - bottom) * (high - score) / span }
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
                + "aria-labelledby=\"history-title history-desc\">",
            "<title id=\"history-title\">Score over the last three years</title>",
            "<desc id=\"history-desc\">"
                + points.map { "\($0.day.iso): \($0.score)" }.joined(separator: "; ") + "</desc>",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
        ]
        for step in 0...4 {
            let value = low + span * step / 4
            parts.append(
                "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(value))\" y2=\"\(y(value))\" stroke=\"rgb(208,208,208)\"/>"
            )
            parts.append(
                "<text x=\"\(left - 6)\" y=\"\(y(value) + 4)\" text-anchor=\"end\" font-family=\"sans-serif\" "
                    + "font-size=\"11\" fill=\"rgb(68,68,68)\">\(value)</text>")
        }
        let line = points.enumerated().map { "\(x($0.offset)),\(y($0.element.score))" }.joined(separator: " ")
        parts.append("<polyline points=\"\(line)\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"2.5\"/>")
        for (index, point) in points.enumerated() where index % 6 == 0 || index == points.count - 1 {
            parts.append(
                "<text x=\"\(x(index))\" y=\"\(height - 12)\" text-anchor=\"\(index == points.count - 1 ? "end" : "middle")\" "
                    + "font-family=\"sans-serif\" "
                    + "font-size=\"11\" fill=\"rgb(68,68,68)\">\(point.day.iso.prefix(7))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}

import CandorCore
/// A bar chart as SVG, drawn on the server so it needs no script to view: one group of bars per
/// category, one bar per series, with a title and a description for screen readers.
public struct BarChart: Sendable {
    public struct Series: Sendable {
        public var label: String
        /// One value per category.
        public var values: [Int]
        /// A CSS colour.
        public var colour: String

        public init(label: String, values: [Int], colour: String) {
            self.label = label
            self.values = values
            self.colour = colour
        }
    }

    public var title: String
    public var categories: [String]
    public var series: [Series]
    public var width = 720
    public var height = 320

    public init(title: String, categories: [String], series: [Series]) {
        self.title = title
        self.categories = categories
        self.series = series
    }

    /// Score histograms side by side: categories are the bands present in any of them.
    public static func histograms(title: String, _ items: [(label: String, bands: [Int: Int], colour: String)])
        -> BarChart
    {
        let bands = Set(items.flatMap(\.bands.keys)).sorted()
        return BarChart(
            title: title, categories: bands.map(String.init),
            series: items.map { item in
                Series(label: item.label, values: bands.map { item.bands[$0] ?? 0 }, colour: item.colour)
            })
    }

    /// The chart as an SVG element.
    public var svg: String {
        let left = 56, bottom = 44 + 16 * ((series.count + 2) / 3), top = 36, right = 16
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let peak = max(1, series.flatMap(\.values).max() ?? 1)
        let slot = categories.isEmpty ? plotWidth : plotWidth / categories.count
        let barWidth = max(1, (slot - 2) / max(1, series.count))
        let ink = "rgb(26,26,26)", grey = "rgb(68,68,68)"
        var parts: [String] = []
        let id =
            "chart-" + String(title.unicodeScalars.reduce(5381) { ($0 &* 33 &+ Int($1.value)) & 0xFFFFFF }, radix: 16)
        parts.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
                + "aria-labelledby=\"\(id)-title \(id)-desc\">")
        parts.append("<title id=\"\(id)-title\">\(escape(title))</title>")
        let description = series.map {
            "\($0.label): " + zip(categories, $0.values).map { "\($0) \($1)" }.joined(separator: ", ")
        }
        .joined(separator: "; ")
        parts.append("<desc id=\"\(id)-desc\">\(escape(description))</desc>")
        parts.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        parts.append(
            "<text x=\"\(left)\" y=\"20\" font-family=\"sans-serif\" font-size=\"14\" fill=\"\(ink)\">\(escape(title))</text>"
        )
        for step in 0...4 {
            let y = top + plotHeight - plotHeight * step / 4
            parts.append(
                "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"rgb(208,208,208)\"/>")
            parts.append(
                "<text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"11\" "
                    + "fill=\"\(grey)\">\(peak * step / 4)</text>")
        }
        let labelEvery = max(1, categories.count / 12)
        for (index, category) in categories.enumerated() {
            let x0 = left + index * slot
            for (number, item) in series.enumerated() {
                let value = index < item.values.count ? item.values[index] : 0
                let barHeight = plotHeight * value / peak
                parts.append(
                    "<rect x=\"\(x0 + 1 + number * barWidth)\" y=\"\(top + plotHeight - barHeight)\" width=\"\(barWidth)\" "
                        + "height=\"\(barHeight)\" fill=\"\(item.colour)\"><title>\(escape(item.label)), "
                        + "\(escape(category)): \(value)</title></rect>")
            }
            if index % labelEvery == 0 {
                parts.append(
                    "<text x=\"\(x0 + slot / 2)\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\" "
                        + "font-family=\"sans-serif\" font-size=\"11\" fill=\"\(grey)\">\(escape(category))</text>")
            }
        }
        for (number, item) in series.enumerated() {
            let x = left + (number % 3) * 220, y = top + plotHeight + 30 + 16 * (number / 3)
            parts.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"12\" height=\"12\" fill=\"\(item.colour)\"/>")
            parts.append(
                "<text x=\"\(x + 18)\" y=\"\(y + 10)\" font-family=\"sans-serif\" font-size=\"12\" "
                    + "fill=\"\(ink)\">\(escape(item.label))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

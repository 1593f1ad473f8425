import CandorCore
import Foundation

/// A bar chart as SVG, drawn on the server so it needs no script to view: one group of bars per category,
/// one bar per series, with a title and a description for screen readers.
///
/// It tells the truth: ticks at round values (1, 2 or 5 times a power of ten), categories as given (a
/// histogram passes every band, empty ones too, so its axis is linear), a legend with one row per series
/// so labels never overlap, and — when one bar dwarfs the rest — a logarithmic scale, said in the title.
/// Pages show a wide and a narrow drawing (`html`) so the text stays readable at phone width.
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
    /// The words "logarithmic scale", in the reader's language, for a chart that needs one.
    public var logarithmicWords = "logarithmic scale"

    public init(title: String, categories: [String], series: [Series]) {
        self.title = title
        self.categories = categories
        self.series = series
    }

    /// Score histograms side by side, every band from the lowest to the highest present, empty ones too.
    public static func histograms(
        title: String, bandWidth: Int = RatingSummary.defaultBandWidth,
        _ items: [(label: String, bands: [Int: Int], colour: String)]
    ) -> BarChart {
        let present = items.flatMap(\.bands.keys)
        let bands = Array(
            stride(from: present.min() ?? 0, through: present.max() ?? 0, by: max(1, bandWidth)))
        return BarChart(
            title: title, categories: bands.map(String.init),
            series: items.map { item in
                Series(label: item.label, values: bands.map { item.bands[$0] ?? 0 }, colour: item.colour)
            })
    }

    /// Whether one bar dwarfs the others: the largest value is at least 20 times the median of the values
    /// above zero, so that on a linear axis every other bar would be a sliver.
    public var isDominated: Bool {
        let values = series.flatMap(\.values).filter { $0 > 0 }.sorted()
        guard values.count >= 3, let peak = values.last else { return false }
        return peak >= 20 * values[values.count / 2]
    }

    /// The title as drawn, with the scale named when it is logarithmic.
    public var shownTitle: String { isDominated ? "\(title) (\(logarithmicWords))" : title }

    /// The chart as one SVG element, 720 units wide.
    public var svg: String { drawing(width: 720, id: "wide") }

    /// The chart for a page: a wide drawing for desks and a narrow one for phones; CSS shows one.
    public var html: String { Self.bothWidths { drawing(width: $0, id: $1) } }

    /// A chart drawn at desk width (720) and phone width (360), each in the block CSS shows at its width;
    /// `draw` is given the width and a suffix that keeps the two drawings' ids apart.
    static func bothWidths(_ draw: (Int, String) -> String) -> String {
        "<div class=\"chart-wide\">" + draw(720, "wide") + "</div><div class=\"chart-narrow\">" + draw(360, "narrow")
            + "</div>"
    }

    /// Round tick values from zero up to at least `peak`: four or five steps of 1, 2 or 5 times a power of ten.
    public static func ticks(upTo peak: Int) -> [Int] {
        guard peak > 0 else { return [0, 1] }
        let rough = Double(peak) / 4
        let power = pow(10, floor(log10(rough)))
        let step = max(1, Int(([1.0, 2.0, 5.0, 10.0].first { $0 * power >= rough } ?? 10) * power))
        return Array(stride(from: 0, through: ((peak + step - 1) / step) * step, by: step))
    }

    /// Powers of ten from 1 up to at least `peak`, for a logarithmic axis.
    public static func logTicks(upTo peak: Int) -> [Int] {
        var ticks = [1]
        while ticks.last! < peak { ticks.append(ticks.last! * 10) }
        return ticks.count < 2 ? [1, 10] : ticks
    }

    /// The width of `text` in units of the font size: CJK characters are square, Latin ones about half.
    static func ems(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 1.0 : 0.56) }
    }

    private func drawing(width: Int, id suffix: String) -> String {
        let fontSize = 12.0
        let legendRows = series.count > 1 ? series.count : 0
        let narrow = width < 500
        let left = 52, right = 12, top = 34
        let plotWidth = width - left - right, plotHeight = narrow ? 170 : 220
        let height = top + plotHeight + 26 + legendRows * 18 + 8
        let logarithmic = isDominated
        let peak = max(1, series.flatMap(\.values).max() ?? 1)
        let ticks = logarithmic ? Self.logTicks(upTo: peak) : Self.ticks(upTo: peak)
        let axisTop = Double(ticks.last!)
        // On the logarithmic axis, the baseline is one half, so a bar of 1 still shows.
        func scaled(_ value: Int) -> Double {
            if logarithmic {
                guard value > 0 else { return 0 }
                return (log10(Double(value)) + log10(2)) / (log10(axisTop) + log10(2))
            }
            return Double(value) / axisTop
        }
        let slot = categories.isEmpty ? Double(plotWidth) : Double(plotWidth) / Double(categories.count)
        let barWidth = max(1, (slot - 2) / Double(max(1, series.count)))
        let ink = "rgb(26,26,26)", grey = "rgb(68,68,68)"
        let id =
            "chart-" + String(title.unicodeScalars.reduce(5381) { ($0 &* 33 &+ Int($1.value)) & 0xFFFFFF }, radix: 16)
            + "-" + suffix
        var parts: [String] = []
        parts.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
                + "aria-labelledby=\"\(id)-title \(id)-desc\">")
        parts.append("<title id=\"\(id)-title\">\(escape(shownTitle))</title>")
        let description = series.map {
            "\($0.label): " + zip(categories, $0.values).map { "\($0) \($1)" }.joined(separator: ", ")
        }
        .joined(separator: "; ")
        parts.append("<desc id=\"\(id)-desc\">\(escape(description))</desc>")
        parts.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        parts.append(
            "<text x=\"\(left)\" y=\"20\" font-family=\"sans-serif\" font-size=\"\(Int(fontSize + 2))\" "
                + "fill=\"\(ink)\">\(escape(fitted(shownTitle, room: Double(width - left - 4), size: fontSize + 2)))</text>"
        )
        for tick in ticks {
            let y = Double(top + plotHeight) - Double(plotHeight) * scaled(tick)
            parts.append(
                "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(format(y))\" y2=\"\(format(y))\" "
                    + "stroke=\"rgb(208,208,208)\"/>")
            parts.append(
                "<text x=\"\(left - 6)\" y=\"\(format(y + 4))\" text-anchor=\"end\" font-family=\"sans-serif\" "
                    + "font-size=\"\(Int(fontSize - 1))\" fill=\"\(grey)\">\(Self.short(tick))</text>")
        }
        // Category labels never overlap: label every n-th category, n chosen from the widest label.
        let widest = categories.map { Self.ems($0) * (fontSize - 1) }.max() ?? 0
        let labelEvery = max(1, Int(ceil((widest + 6) / max(1, slot))))
        for (index, category) in categories.enumerated() {
            let x0 = Double(left) + Double(index) * slot
            for (number, item) in series.enumerated() {
                let value = index < item.values.count ? item.values[index] : 0
                let barHeight = Double(plotHeight) * scaled(value)
                parts.append(
                    "<rect x=\"\(format(x0 + 1 + Double(number) * barWidth))\" "
                        + "y=\"\(format(Double(top + plotHeight) - barHeight))\" width=\"\(format(barWidth))\" "
                        + "height=\"\(format(barHeight))\" fill=\"\(item.colour)\"><title>\(escape(item.label)), "
                        + "\(escape(category)): \(value)</title></rect>")
            }
            if index % labelEvery == 0 {
                parts.append(
                    "<text x=\"\(format(x0 + slot / 2))\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\" "
                        + "font-family=\"sans-serif\" font-size=\"\(Int(fontSize - 1))\" fill=\"\(grey)\">"
                        + "\(escape(category))</text>")
            }
        }
        if legendRows > 0 {
            for (number, item) in series.enumerated() {
                let y = top + plotHeight + 28 + 18 * number
                parts.append("<rect x=\"\(left)\" y=\"\(y)\" width=\"12\" height=\"12\" fill=\"\(item.colour)\"/>")
                parts.append(
                    "<text x=\"\(left + 18)\" y=\"\(y + 10)\" font-family=\"sans-serif\" font-size=\"\(Int(fontSize))\" "
                        + "fill=\"\(ink)\">\(escape(fitted(item.label, room: Double(width - left - 22), size: fontSize)))"
                        + "</text>")
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// `text` shortened with an ellipsis to fit `room` units at `size`; the full text stays in the description.
    private func fitted(_ text: String, room: Double, size: Double) -> String {
        guard Self.ems(text) * size > room else { return text }
        var kept = ""
        for character in text {
            if (Self.ems(kept + String(character)) + 0.6) * size > room { break }
            kept.append(character)
        }
        return kept + "…"
    }

    /// A tick value written short: 5000 as 5k, 2000000 as 2M.
    static func short(_ value: Int) -> String {
        if value >= 1_000_000, value % 1_000_000 == 0 { return "\(value / 1_000_000)M" }
        if value >= 10_000, value % 1_000 == 0 { return "\(value / 1_000)k" }
        return String(value)
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension BarChart {
    /// The statistics page's histogram: every band of the policy's score range, and its caption.
    static func histogram(title: String, width: Int, bands: [Int: Int], reader: Reader) -> (
        svg: String, caption: String
    ) {
        let score = reader.policy.score
        let low = Int((Double(score.min) / Double(width)).rounded(.down)) * width
        let all = Array(stride(from: low, through: score.max, by: width))
        var chart = BarChart(
            title: title, categories: all.map(String.init),
            series: [.init(label: reader.say("Subjects"), values: all.map { bands[$0] ?? 0 }, colour: "#1f4e79")])
        chart.logarithmicWords = reader.say("logarithmic scale")
        var caption = reader.say("Subjects per band of {{width}} points, every band shown", ["width": "\(width)"])
        if chart.isDominated { caption += reader.say(", on a logarithmic scale: one band holds most subjects") }
        return (chart.html, caption)
    }
}

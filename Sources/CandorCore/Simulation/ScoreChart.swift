/// A score distribution as an SVG bar chart, drawn on the server so it needs no script to view.
public struct ScoreChart: Sendable {
    public struct Series: Sendable {
        public var label: String
        /// Counts keyed by each band's lowest score.
        public var bands: [Int: Int]
        /// A CSS colour.
        public var colour: String

        public init(label: String, bands: [Int: Int], colour: String) {
            self.label = label
            self.bands = bands
            self.colour = colour
        }
    }

    public var title: String
    public var series: [Series]
    public var bandWidth: Int
    public var width = 720
    public var height = 320

    public init(title: String, series: [Series], bandWidth: Int) {
        self.title = title
        self.series = series
        self.bandWidth = bandWidth
    }

    /// The chart as a standalone SVG document, with a title and a description for screen readers.
    public var svg: String {
        let bands = Set(series.flatMap(\.bands.keys)).sorted()
        let left = 56, bottom = 40, top = 36, right = 16
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let peak = max(1, series.flatMap(\.bands.values).max() ?? 1)
        let slot = bands.isEmpty ? plotWidth : plotWidth / bands.count
        let barWidth = max(1, (slot - 2) / max(1, series.count))
        var parts: [String] = []
        parts.append(
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(width) \#(height)" role="img" aria-labelledby="chart-title chart-desc">"#
        )
        parts.append(#"<title id="chart-title">\#(escape(title))</title>"#)
        let description = series.map { "\($0.label): \($0.bands.values.reduce(0, +)) subjects" }.joined(separator: "; ")
        parts.append(#"<desc id="chart-desc">\#(escape(description))</desc>"#)
        parts.append(#"<rect width="100%" height="100%" fill="white"/>"#)
        parts.append(
            #"<text x="\#(left)" y="20" font-family="sans-serif" font-size="14" fill="rgb(26,26,26)">\#(escape(title))</text>"#
        )
        for step in 0...4 {
            let value = peak * step / 4
            let y = top + plotHeight - plotHeight * step / 4
            parts.append(
                #"<line x1="\#(left)" x2="\#(width - right)" y1="\#(y)" y2="\#(y)" stroke="rgb(208,208,208)"/>"#)
            parts.append(
                #"<text x="\#(left - 6)" y="\#(y + 4)" text-anchor="end" font-family="sans-serif" font-size="11" fill="rgb(68,68,68)">\#(value)</text>"#
            )
        }
        for (index, band) in bands.enumerated() {
            let x0 = left + index * slot
            for (number, item) in series.enumerated() {
                let count = item.bands[band] ?? 0
                let barHeight = plotHeight * count / peak
                let x = x0 + 1 + number * barWidth
                let y = top + plotHeight - barHeight
                parts.append(
                    #"<rect x="\#(x)" y="\#(y)" width="\#(barWidth)" height="\#(barHeight)" fill="\#(item.colour)"><title>\#(escape(item.label)) \#(band)–\#(band + bandWidth - 1): \#(count)</title></rect>"#
                )
            }
            if bands.count <= 12 || index % max(1, bands.count / 12) == 0 {
                parts.append(
                    #"<text x="\#(x0 + slot / 2)" y="\#(height - bottom + 16)" text-anchor="middle" font-family="sans-serif" font-size="11" fill="rgb(68,68,68)">\#(band)</text>"#
                )
            }
        }
        for (number, item) in series.enumerated() {
            let x = left + number * 180
            parts.append(#"<rect x="\#(x)" y="\#(height - 14)" width="12" height="12" fill="\#(item.colour)"/>"#)
            parts.append(
                #"<text x="\#(x + 18)" y="\#(height - 4)" font-family="sans-serif" font-size="12" fill="rgb(26,26,26)">\#(escape(item.label))</text>"#
            )
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

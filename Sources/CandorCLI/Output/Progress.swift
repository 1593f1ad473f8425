import CandorCore
import Foundation

/// Progress of long work on standard error: one redrawn line on a terminal, an occasional line elsewhere.
final class Progress {
    private let label: String
    private let unit: String
    private let start = Date()
    private var lastShown = Date.distantPast
    private var shown = false
    /// The count of the last line drawn, so that a final line elsewhere than a terminal is not the last one
    /// again.
    private var lastDrawn: Int?
    let enabled: Bool

    /// - Parameter enabled: false to stay silent, as with `--quiet`.
    init(_ label: String, unit: String, enabled: Bool = true) {
        self.label = label
        self.unit = unit
        self.enabled = enabled
    }

    /// Reports that `done` units are complete, and which `fraction` of the work that is when known;
    /// draws at most a few times a second.
    func update(_ done: Int, fraction: Double? = nil) {
        guard enabled else { return }
        let now = Date()
        let interval = standardErrorIsTerminal ? 0.25 : 5
        guard now.timeIntervalSince(lastShown) >= interval else { return }
        lastShown = now
        draw(done, fraction: fraction, final: false)
    }

    /// Ends the progress line.
    func finish(_ done: Int) {
        guard enabled, shown else { return }
        if !standardErrorIsTerminal && lastDrawn == done { return }
        draw(done, fraction: 1, final: true)
    }

    private func draw(_ done: Int, fraction: Double?, final: Bool) {
        let elapsed = Date().timeIntervalSince(start)
        var text = "\(label): \(grouped(done)) \(unit)"
        if let fraction { text += String(format: " (%.0f%%)", fraction * 100) }
        if elapsed > 0.5 { text += ", \(grouped(Int(Double(done) / elapsed))) \(unit)/s" }
        shown = true
        lastDrawn = done
        if standardErrorIsTerminal {
            writeOrStop(Data(("\r\u{1B}[K" + text + (final ? "\n" : "")).utf8), to: .standardError)
        } else {
            printError(text)
        }
    }
}

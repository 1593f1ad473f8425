import CandorCore
import Foundation

/// Buffered writing to standard output and standard error, so that a million lines are a few system calls.
final class OutputBuffer {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let limit: Int

    init(_ handle: FileHandle, limit: Int = 1 << 20) {
        self.handle = handle
        self.limit = limit
        buffer.reserveCapacity(limit)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { flush() }
    }

    func line(_ text: String = "") {
        write(text)
        write("\n")
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        writeOrStop(Data(buffer), to: handle)
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// Writes bytes; when the reader has gone (`candor export ratings | head`), stops quietly as Unix tools
/// do on a closed pipe, with status 141.
func writeOrStop(_ data: Data, to handle: FileHandle) {
    do {
        try handle.write(contentsOf: data)
    } catch {
        exit(141)
    }
}

/// Writes a line to standard output at once, so it is not overtaken by progress on standard error.
func tell(_ text: String = "") {
    writeOrStop(Data((text + "\n").utf8), to: .standardOutput)
}

/// Writes a line to standard error at once.
func printError(_ text: String) {
    writeOrStop(Data((text + "\n").utf8), to: .standardError)
}

/// Whether standard error is a terminal, where progress can redraw one line.
let standardErrorIsTerminal = isatty(STDERR_FILENO) == 1

/// Seconds with one decimal, or milliseconds under a second.
func duration(_ seconds: Double) -> String {
    seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.1f s", seconds)
}

/// The process's peak resident memory in bytes, where the system reports it.
func peakResidentBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
        return kilobytes.map { $0 * 1024 }
    }
    return nil
}

/// Text padded on the right to `width` characters.
func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// Text padded on the left to `width` characters.
func leftPadded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

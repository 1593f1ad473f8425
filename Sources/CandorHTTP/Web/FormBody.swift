import Foundation

/// The fields of an `application/x-www-form-urlencoded` body.
struct FormBody: Sendable {
    private var fields: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(String(parts[0]))
            fields[key] = parts.count > 1 ? Self.decode(String(parts[1])) : ""
        }
    }

    subscript(_ key: String) -> String? { fields[key] }

    /// A field with surrounding whitespace removed, or `nil` when missing or empty.
    func value(_ key: String) -> String? {
        guard let text = fields[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }
}

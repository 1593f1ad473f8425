/// One line of `candor export ratings`: `{"subject", "score", "tier", "lists": [list ids]}`.
public enum ExportLine {
    /// The NDJSON line for a rating, without the line break. Written by hand: it runs once per subject.
    public static func json(_ rating: Rating) -> String {
        var line = "{\"subject\":\"\(rating.subject.text)\",\"score\":\(rating.score),\"tier\":"
        line += jsonString(rating.tier.id)
        line += ",\"lists\":["
        line += rating.listings.map { jsonString($0.list.id) }.joined(separator: ",")
        line += "]}"
        return line
    }
}

/// A JSON string literal for `text`, escaped as RFC 8259 requires.
public func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}

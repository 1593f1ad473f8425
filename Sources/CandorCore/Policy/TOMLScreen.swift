/// Finds the constructs that make the TOML parser abort the process instead of reporting an error, before
/// it sees them.
///
/// The TOML parser under TOMLKit assumes that a key follows the opening bracket of a table header and that
/// a value, not a `}`, follows an array's `[` or `,`; when either is false, an assertion stops the process
/// (both found by `Fuzz/run policy`). This scan follows just enough of TOML — strings, comments, and the
/// brackets and braces of values — to know where headers and array values start, and reports the first
/// header whose name does not begin with a key character, a quote or the `]` the parser itself reports,
/// and the first array holding a `}` where a value belongs.
enum TOMLScreen {
    /// The 1-based line and column of the first such construct, and what it is; `nil` when there is none.
    static func firstProblem(in text: String) -> (line: Int, column: Int, problem: String)? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var line = 1
        var lineStart = 0
        var depth = 0  // open brackets and braces of the value being read
        var containers: [Unicode.Scalar] = []  // which of them: "[" for an array, "{" for an inline table
        var atStatementStart = true
        var expectingArrayValue = false

        func at(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        func startsWith(_ quote: Unicode.Scalar, times: Int) -> Bool {
            (0..<times).allSatisfy { at($0) == quote }
        }
        func skipBlanks() {
            // Only what TOML calls whitespace: a vertical tab or a no-break space is not (found by fuzzing).
            while let scalar = at(0), scalar == " " || scalar == "\t" { index += 1 }
        }
        func newline() {
            line += 1
            lineStart = index + 1
            if depth == 0 { atStatementStart = true }
        }
        // Skips a string opened at `index`, counting the line breaks inside a multi-line one.
        func skipString(_ quote: Unicode.Scalar) {
            let multiLine = startsWith(quote, times: 3)
            index += multiLine ? 3 : 1
            while index < scalars.count {
                let scalar = scalars[index]
                if quote == "\"" && scalar == "\\" {
                    if at(1) == "\n" {
                        line += 1
                        lineStart = index + 2
                    }
                    index += 2
                    continue
                }
                if multiLine {
                    if startsWith(quote, times: 3) {
                        index += 3
                        while at(0) == quote { index += 1 }  // up to two quotes may end the content
                        return
                    }
                    if scalar == "\n" {
                        line += 1
                        lineStart = index + 1
                    }
                } else if scalar == quote || scalar == "\n" {
                    index += scalar == quote ? 1 : 0
                    return
                }
                index += 1
            }
        }

        let header = "a table header must name a table, as in [score] or [[tier]]"
        while index < scalars.count {
            let scalar = scalars[index]
            if expectingArrayValue && !["\n", " ", "\t", "\r", "#"].contains(scalar) {
                if scalar == "}" {
                    return (line, index - lineStart + 1, "an array holds a '}' where a value belongs")
                }
                expectingArrayValue = false
            }
            switch scalar {
            case "\n":
                newline()
                index += 1
            case " ", "\t", "\r":
                index += 1
            case "#":
                while index < scalars.count && scalars[index] != "\n" { index += 1 }
            case "\"", "'":
                atStatementStart = false
                skipString(scalar)
            case "[" where depth == 0 && atStatementStart:
                let column = index - lineStart + 1
                index += 1
                skipBlanks()
                if at(0) == "[" && scalars[index - 1] == "[" {
                    index += 1
                    skipBlanks()
                }
                guard let next = at(0), isKeyStart(next) || next == "]" else { return (line, column, header) }
                atStatementStart = false
            case "[", "{":
                depth += 1
                containers.append(scalar)
                expectingArrayValue = scalar == "["
                atStatementStart = false
                index += 1
            case "]", "}":
                depth = max(0, depth - 1)
                _ = containers.popLast()
                index += 1
            case "," where containers.last == "[":
                expectingArrayValue = true
                index += 1
            default:
                atStatementStart = false
                index += 1
            }
        }
        return nil
    }

    private static func isKeyStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-", "\"", "'": true
        default: false
        }
    }
}

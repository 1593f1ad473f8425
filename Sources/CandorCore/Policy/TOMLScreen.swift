/// Checks that a policy file keeps to the part of TOML a policy uses, before the TOML parser sees it.
///
/// The TOML parser under TOMLKit stops the process with a failed assertion on some malformed input —
/// a table header naming no table, an array holding `}` where a value belongs, a broken date (all found
/// by `Fuzz/run policy`) — instead of reporting an error. So the file is first read against the subset a
/// policy needs: table and array-of-tables headers, `key = value` lines with dotted or quoted keys, and
/// values that are strings, decimal numbers (and `inf` and `nan`, which the policy rules then refuse
/// with a reason), booleans, arrays and inline tables. Dates, times, hexadecimal, octal and binary numbers
/// are not used by a policy and are refused here. The parser
/// then only sees files of that shape, and still reports their finer faults itself.
struct TOMLScreen {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    /// How deeply arrays and inline tables are nested where the screen is reading.
    private var nesting = 0
    /// A policy nests two levels at most; far deeper input only exhausts the stack (found by fuzzing).
    private static let maxNesting = 32

    /// The 1-based line and column of the first place the file leaves the subset, and what is wrong there.
    static func firstProblem(in text: String) -> (line: Int, column: Int, problem: String)? {
        var screen = TOMLScreen(scalars: Array(text.unicodeScalars))
        do {
            try screen.document()
            return nil
        } catch {
            return (error.line, error.column, error.problem)
        }
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    struct Problem: Error {
        var line: Int
        var column: Int
        var problem: String
    }

    // MARK: - Reading

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private func fail(_ problem: String) -> Problem {
        Problem(line: line, column: index - lineStart + 1, problem: problem)
    }

    private mutating func advance() {
        if current == "\n" {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private mutating func skipBlanks() {
        while current == " " || current == "\t" { advance() }
    }

    /// Blanks, line breaks and comments, as allowed between the values of an array.
    private mutating func skipBlanksLinesAndComments() throws(Problem) {
        while let scalar = current {
            switch scalar {
            case " ", "\t", "\n": advance()
            case "\r" where peek(1) == "\n": advance()
            case "#": try comment()
            default: return
            }
        }
    }

    private mutating func comment() throws(Problem) {
        while let scalar = current, scalar != "\n" {
            if scalar == "\r" && peek(1) == "\n" { return }
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
                throw fail("a comment holds a control character")
            }
            advance()
        }
    }

    /// The end of a line: blanks, an optional comment, then a line break or the end of the file.
    private mutating func endOfLine() throws(Problem) {
        skipBlanks()
        if current == "#" { try comment() }
        if current == "\r" && peek(1) == "\n" { advance() }
        guard current == nil || current == "\n" else {
            throw fail("expected the end of the line, found '\(Character(current!))'")
        }
        if current == "\n" { advance() }
    }

    // MARK: - Grammar

    private mutating func document() throws(Problem) {
        while let scalar = current {
            switch scalar {
            case " ", "\t", "\n": advance()
            case "\r" where peek(1) == "\n": advance()
            case "#": try comment()
            case "[": try header()
            default:
                guard isBareKey(scalar) || scalar == "\"" || scalar == "'" else {
                    throw fail("expected a key, a [table] or a comment, found '\(Character(scalar))'")
                }
                try keyValue()
                try endOfLine()
            }
        }
    }

    private mutating func header() throws(Problem) {
        let problem = fail("a table header must name a table, as in [score] or [[tier]]")
        advance()
        let array = current == "["
        if array { advance() }
        skipBlanks()
        guard let first = current, isBareKey(first) || first == "\"" || first == "'" else { throw problem }
        try key()
        skipBlanks()
        guard current == "]" else { throw fail("expected ']' to close the table header") }
        advance()
        if array {
            guard current == "]" else { throw fail("expected ']]' to close the array-of-tables header") }
            advance()
        }
        try endOfLine()
    }

    private mutating func key() throws(Problem) {
        while true {
            switch current {
            case let scalar? where isBareKey(scalar):
                while let next = current, isBareKey(next) { advance() }
            case "\""?, "'"?:
                guard !(peek(1) == current && peek(2) == current) else {
                    throw fail("a key cannot be a multi-line string")
                }
                try string()
            default:
                throw fail("expected a key")
            }
            skipBlanks()
            guard current == "." else { return }
            advance()
            skipBlanks()
        }
    }

    private mutating func keyValue() throws(Problem) {
        try key()
        skipBlanks()
        guard current == "=" else { throw fail("expected '=' after the key") }
        advance()
        skipBlanks()
        try value()
    }

    private mutating func value() throws(Problem) {
        guard let scalar = current else { throw fail("expected a value, found the end of the file") }
        if scalar == "[" || scalar == "{" {
            guard nesting < Self.maxNesting else {
                throw fail("arrays and tables nest more than \(Self.maxNesting) deep")
            }
            nesting += 1
        }
        defer { if scalar == "[" || scalar == "{" { nesting -= 1 } }
        switch scalar {
        case "\"", "'": try string()
        case "[": try array()
        case "{": try inlineTable()
        case "t", "f": try word(["true", "false"])
        case "i", "n": try word(["inf", "nan"])
        case "+",
            "-" where peek(1) == "i" || peek(1) == "n":
            advance()
            try word(["inf", "nan"])
        case "+", "-", "0"..."9": try number()
        default:
            throw fail("expected a string, a number, true, false, an array or a table, found '\(Character(scalar))'")
        }
    }

    private mutating func word(_ words: [String]) throws(Problem) {
        for word in words {
            let letters = Array(word.unicodeScalars)
            if (0..<letters.count).allSatisfy({ peek($0) == letters[$0] }) {
                for _ in letters { advance() }
                if let next = current, isBareKey(next) { break }
                return
            }
        }
        throw fail("expected \(words.joined(separator: " or "))")
    }

    /// A decimal integer or float, as TOML writes them; a policy has no use for other numbers.
    private mutating func number() throws(Problem) {
        let invalid = fail("numbers in a policy are decimal, such as 120, -20 or 0.5")
        if current == "+" || current == "-" { advance() }
        guard current == "0" || isDigit(current) else { throw invalid }
        if current == "0" {
            advance()
            if isDigit(current) || current == "_" { throw invalid }
        } else {
            try digits(invalid)
        }
        if current == "." {
            advance()
            guard isDigit(current) else { throw invalid }
            try digits(invalid)
        }
        if current == "e" || current == "E" {
            advance()
            if current == "+" || current == "-" { advance() }
            guard isDigit(current) else { throw invalid }
            try digits(invalid)
        }
        if let next = current, isBareKey(next) || next == "." || next == ":" { throw invalid }
    }

    /// Digits with single underscores between them.
    private mutating func digits(_ invalid: Problem) throws(Problem) {
        while isDigit(current) {
            advance()
            if current == "_" {
                advance()
                guard isDigit(current) else { throw invalid }
            }
        }
    }

    private mutating func array() throws(Problem) {
        advance()
        try skipBlanksLinesAndComments()
        while current != "]" {
            try value()
            try skipBlanksLinesAndComments()
            if current == "," {
                advance()
                try skipBlanksLinesAndComments()
            } else if current != "]" {
                throw fail("expected ',' or ']' in the array")
            }
        }
        advance()
    }

    private mutating func inlineTable() throws(Problem) {
        advance()
        skipBlanks()
        if current == "}" {
            advance()
            return
        }
        while true {
            try keyValue()
            skipBlanks()
            if current == "}" {
                advance()
                return
            }
            guard current == "," else { throw fail("expected ',' or '}' in the inline table") }
            advance()
            skipBlanks()
        }
    }

    private mutating func string() throws(Problem) {
        let quote = current!
        let multiLine = peek(1) == quote && peek(2) == quote
        let opening = fail("this string is not closed")
        for _ in 0..<(multiLine ? 3 : 1) { advance() }
        while true {
            guard let scalar = current else { throw opening }
            if multiLine && scalar == quote && peek(1) == quote && peek(2) == quote {
                for _ in 0..<3 { advance() }
                // Up to two more quotes belong to the content.
                for _ in 0..<2 where current == quote { advance() }
                return
            }
            if !multiLine && scalar == quote {
                advance()
                return
            }
            if scalar == "\n" || scalar == "\r" {
                guard multiLine else { throw opening }
            } else if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
                throw fail("a string holds a control character; write it as an escape such as \\n")
            }
            if quote == "\"" && scalar == "\\" {
                advance()
                try escape(multiLine: multiLine)
                continue
            }
            advance()
        }
    }

    private mutating func escape(multiLine: Bool) throws(Problem) {
        let invalid = fail("a string holds an escape TOML does not know")
        guard let scalar = current else { throw invalid }
        switch scalar {
        case "b", "t", "n", "f", "r", "\"", "\\": advance()
        case "u", "U":
            let count = scalar == "u" ? 4 : 8
            advance()
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = current, let hex = UInt32(String(Character(digit)), radix: 16) else { throw invalid }
                value = value * 16 + hex
                advance()
            }
            guard Unicode.Scalar(value) != nil else { throw invalid }
        case " ", "\t", "\n",
            "\r" where multiLine:
            // A line-ending backslash: blanks, then a line break; the blanks and breaks that follow are trimmed.
            skipBlanks()
            guard current == "\n" || (current == "\r" && peek(1) == "\n") else { throw invalid }
            while let next = current, next == " " || next == "\t" || next == "\n" || next == "\r" { advance() }
        default: throw invalid
        }
    }

    private func isBareKey(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    private func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return ("0"..."9").contains(scalar)
    }
}

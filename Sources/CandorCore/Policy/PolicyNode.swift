import TOMLKit

/// A TOML value read out of TOMLKit into plain Swift values, so that the rest of Candor never holds
/// the parser's reference types.
indirect enum PolicyNode: Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([PolicyNode])
    case table([String: PolicyNode])
    /// A date, time or other value a policy has no use for, with its TOML type name.
    case other(String)

    /// Parses a TOML document.
    /// - Throws: `PolicyProblem` with the line and column of a syntax error.
    static func parse(_ text: String) throws(PolicyProblem) -> [String: PolicyNode] {
        if let (line, column, problem) = TOMLScreen.firstProblem(in: text) {
            throw PolicyProblem(
                entry: "line \(line), column \(column)", message: "the file is not valid TOML: \(problem)")
        }
        do {
            let table = try TOMLTable(string: text)
            return convert(table)
        } catch let error as TOMLParseError {
            throw PolicyProblem(
                entry: "line \(error.source.begin.line), column \(error.source.begin.column)",
                message: "the file is not valid TOML: \(error.description)")
        } catch {
            throw PolicyProblem(entry: "file", message: "the file is not valid TOML: \(error)")
        }
    }

    private static func convert(_ table: TOMLTable) -> [String: PolicyNode] {
        var result: [String: PolicyNode] = [:]
        for key in table.keys {
            if let value = table[key] { result[key] = convert(value) }
        }
        return result
    }

    private static func convert(_ value: TOMLValueConvertible) -> PolicyNode {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .float(value.double ?? 0)
        case .bool: return .boolean(value.bool ?? false)
        case .array: return .array((value.array.map(Array.init) ?? []).map(convert))
        case .table: return .table(value.table.map(convert) ?? [:])
        default: return .other(value.type.rawValue)
        }
    }

    /// How the value's type is named in messages.
    var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        case let .other(name): "a \(name)"
        }
    }
}

/// Reads the keys of one policy entry, recording a problem for each missing, mistyped or unknown key.
final class PolicyTableReader {
    let entry: String
    private let table: [String: PolicyNode]
    private var used: Set<String> = []
    private(set) var problems: [PolicyProblem] = []
    /// Whether every text must come in Chinese too (`zh` among the policy's `languages`).
    let needsChinese: Bool
    /// The Chinese of each text read by `words`, by its key.
    private(set) var chinese: [String: String] = [:]

    init(entry: String, table: [String: PolicyNode], needsChinese: Bool = false) {
        self.entry = entry
        self.table = table
        self.needsChinese = needsChinese
    }

    /// A text shown to people (a title, a legal basis, a remedy) with its translation: `key` in English and
    /// `key_zh` in Chinese, which must be there when the policy is written in Chinese too.
    func words(_ key: String, required: Bool = true) -> String? {
        let english = string(key, required: required)
        if let translation = string(key + "_zh", required: false) {
            chinese[key] = translation
        } else if english != nil, needsChinese {
            problem("'\(key)_zh' is missing: the policy is written in Chinese too, so give the Chinese of '\(key)'")
        }
        return english
    }

    func problem(_ message: String) {
        problems.append(PolicyProblem(entry: entry, message: message))
    }

    private func value(_ key: String, required: Bool) -> PolicyNode? {
        used.insert(key)
        guard let value = table[key] else {
            if required { problem("'\(key)' is missing") }
            return nil
        }
        return value
    }

    private func mistyped(_ key: String, _ value: PolicyNode, expected: String) {
        problem("'\(key)' must be \(expected), not \(value.typeName)")
    }

    func string(_ key: String, required: Bool = true) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard case let .string(text) = value else { mistyped(key, value, expected: "a string"); return nil }
        if required && text.trimmingWhitespace().isEmpty { problem("'\(key)' is empty") }
        return text
    }

    func integer(_ key: String, required: Bool = true) -> Int? {
        guard let value = value(key, required: required) else { return nil }
        switch value {
        case let .integer(number): return number
        case let .float(number) where number.isFinite && number.rounded() == number && abs(number) < 1e15:
            return Int(number)
        case let .float(number) where !number.isFinite:
            problem("'\(key)' must be a finite whole number, not \(number)")
        default:
            mistyped(key, value, expected: "a whole number")
        }
        return nil
    }

    /// A number of points in thousandths: an integer, or a number with at most three decimals.
    func milli(_ key: String, required: Bool = true) -> Int64? {
        guard let value = value(key, required: required) else { return nil }
        switch value {
        case let .integer(number) where abs(number) < 1 << 40: return Int64(number) * 1000
        case let .float(number) where number.isFinite && abs(number) < 1e12:
            let scaled = (number * 1000).rounded()
            guard abs(number * 1000 - scaled) < 1e-6 else {
                problem("'\(key)' = \(number) has more than three decimals")
                return nil
            }
            return Int64(scaled)
        default:
            mistyped(key, value, expected: "a finite number")
            return nil
        }
    }

    func strings(_ key: String, required: Bool = true) -> [String]? {
        guard let value = value(key, required: required) else { return nil }
        guard case let .array(items) = value else { mistyped(key, value, expected: "an array of strings"); return nil }
        var result: [String] = []
        for item in items {
            guard case let .string(text) = item else {
                mistyped(key, item, expected: "an array of strings")
                return nil
            }
            result.append(text)
        }
        return result
    }

    /// The entries of an array of tables inside this one (`[[list.measure]]` under a `[[list]]`), each
    /// read by `read` with a reader of its own named `name #n`; their problems and Chinese texts become this
    /// entry's (the texts under `key.<id>.`, where `id` is what `read` returns first).
    func entries<Entry>(
        _ key: String, name: String, required: Bool = true, _ read: (PolicyTableReader) -> (id: String, entry: Entry)
    ) -> [Entry] {
        guard let value = value(key, required: required) else { return [] }
        guard case let .array(items) = value else {
            mistyped(key, value, expected: "an array of tables, written [[\(name)]]")
            return []
        }
        var result: [Entry] = []
        for (index, item) in items.enumerated() {
            guard case let .table(table) = item else {
                mistyped(key, item, expected: "an array of tables, written [[\(name)]]")
                continue
            }
            let reader = PolicyTableReader(
                entry: "\(entry) \(name) #\(index + 1)", table: table, needsChinese: needsChinese)
            let (id, read) = read(reader)
            reader.finish()
            problems += reader.problems
            for (textKey, text) in reader.chinese { chinese["\(key).\(id).\(textKey)"] = text }
            result.append(read)
        }
        return result
    }

    /// Records a problem for every key nobody asked for; `explain` may give a specific reason for one.
    func finish(explain: (String) -> String? = { _ in nil }) {
        for key in table.keys.sorted() where !used.contains(key) {
            let known = used.sorted().joined(separator: ", ")
            problem(explain(key) ?? "unknown key '\(key)'; the keys of this entry are \(known)")
        }
    }
}

import Crypto
import Foundation

extension Policy {
    /// What `candor policy lint` reports: every problem found, and the policy when there are none.
    public struct LintReport: Sendable {
        public var policy: Policy?
        public var problems: [PolicyProblem]
    }

    /// Reads a policy file and checks every rule of the specification, collecting all problems.
    public static func lint(_ data: Data) -> LintReport {
        guard let text = String(data: data, encoding: .utf8) else {
            return LintReport(
                policy: nil, problems: [PolicyProblem(entry: "file", message: "the file is not UTF-8 text")])
        }
        let root: [String: PolicyNode]
        do {
            root = try PolicyNode.parse(text)
        } catch {
            return LintReport(policy: nil, problems: [error])
        }
        var builder = PolicyBuilder(root: root)
        let policy = builder.build(sha256: SHA256.hash(data: data).hex)
        let problems = builder.problems + PolicyRules.problems(in: policy)
        return LintReport(policy: problems.isEmpty ? policy : nil, problems: problems)
    }

    /// Reads a policy file that must satisfy every rule.
    /// - Throws: `PolicyError` listing every problem.
    public static func parse(_ data: Data) throws(PolicyError) -> Policy {
        let report = lint(data)
        guard let policy = report.policy else { throw PolicyError(problems: report.problems) }
        return policy
    }
}

/// Turns the TOML tree into a `Policy`, recording a problem for each missing, mistyped or unknown key.
struct PolicyBuilder {
    let root: [String: PolicyNode]
    var problems: [PolicyProblem] = []
    /// Whether the policy is written in Chinese too, so that every text needs its `_zh` twin.
    var needsChinese = false
    /// The Chinese texts read so far, by `section/id/key`.
    var chinese: [String: String] = [:]

    init(root: [String: PolicyNode]) {
        self.root = root
    }

    mutating func build(sha256: String) -> Policy {
        let sections = [
            "policy", "score", "disputes", "repair", "tier", "agency", "kind", "list", "action", "privilege",
        ]
        for key in root.keys.sorted() where !sections.contains(key) {
            problems.append(PolicyProblem(entry: "[\(key)]", message: Self.unknownSection(key)))
        }
        let header = reader("[policy]", table("policy", required: true))
        var languages: [Language] = []
        for name in header.strings("languages", required: false) ?? ["en"] {
            if let language = Language(rawValue: name), !languages.contains(language) {
                languages.append(language)
            } else {
                header.problem("languages lists '\(name)'; a policy is written in \"en\" and, optionally, \"zh\"")
            }
        }
        if languages.first != .en { header.problem("languages must start with \"en\": English is the reference text") }
        needsChinese = languages.contains(.zh)
        let id = header.string("id") ?? ""
        let version = header.string("version") ?? ""
        let title = header.string("title", required: false) ?? id
        if let zh = header.string("title_zh", required: false) {
            chinese["policy//title"] = zh
        } else if needsChinese {
            header.problem(
                "'title_zh' is missing: the policy is written in Chinese too, so give the Chinese of 'title'")
        }
        var timeZone = TimeZone(identifier: "UTC")!
        if let name = header.string("time_zone", required: false) {
            if let zone = TimeZone(identifier: name) {
                timeZone = zone
            } else {
                header.problem("time_zone '\(name)' is not a time zone of the IANA database, such as \"Asia/Shanghai\"")
            }
        }
        // Other keys of [policy] are the publisher's metadata (a description, a publication date…).
        problems += header.problems

        let scoreReader = reader("[score]", table("score", required: true))
        let score = ScoreRange(
            base: scoreReader.integer("base") ?? 0, min: scoreReader.integer("min") ?? 0,
            max: scoreReader.integer("max") ?? 0)
        collect(scoreReader)

        let disputes = reader("[disputes]", table("disputes", required: false))
        let responseDays = disputes.integer("response_days", required: false) ?? 30
        var dueProcess = DueProcess()
        dueProcess.appealDays = disputes.integer("appeal_days", required: false) ?? dueProcess.appealDays
        dueProcess.reviewDays = disputes.integer("review_days", required: false) ?? dueProcess.reviewDays
        collect(disputes)
        let repair = reader("[repair]", table("repair", required: false))
        dueProcess.repairResponseDays =
            repair.integer("response_days", required: false) ?? dueProcess.repairResponseDays
        dueProcess.reapplyDays = repair.integer("reapply_days", required: false) ?? dueProcess.reapplyDays
        collect(repair)

        return Policy(
            id: id, version: version, title: title, sha256: sha256, score: score,
            disputeResponseDays: responseDays,
            tiers: entries("tier", Self.tier).sorted { $0.min > $1.min },
            agencies: entries("agency", Self.agency),
            kinds: entries("kind", Self.kind),
            lists: entries("list", Self.list),
            actions: entries("action", Self.action),
            privileges: entries("privilege", Self.privilege), dueProcess: dueProcess, languages: languages,
            timeZone: timeZone, chinese: chinese)
    }

    private mutating func table(_ key: String, required: Bool) -> [String: PolicyNode] {
        switch root[key] {
        case let .table(table)?: return table
        case nil:
            if required { problems.append(PolicyProblem(entry: "[\(key)]", message: "the section is missing")) }
        case let value?:
            problems.append(PolicyProblem(entry: "[\(key)]", message: "must be a table, not \(value.typeName)"))
        }
        return [:]
    }

    private func reader(_ entry: String, _ table: [String: PolicyNode]) -> PolicyTableReader {
        PolicyTableReader(entry: entry, table: table, needsChinese: needsChinese)
    }

    private mutating func collect(_ reader: PolicyTableReader, explain: (String) -> String? = { _ in nil }) {
        reader.finish(explain: explain)
        problems += reader.problems
    }

    /// Reads every `[[section]]` entry with `read`, naming each entry by its id.
    private mutating func entries<Entry>(_ section: String, _ read: (PolicyTableReader) -> Entry) -> [Entry] {
        guard let node = root[section] else { return [] }
        guard case let .array(items) = node else {
            problems.append(
                PolicyProblem(entry: "[\(section)]", message: "must be written [[\(section)]], an array of tables"))
            return []
        }
        var result: [Entry] = []
        for (index, item) in items.enumerated() {
            guard case let .table(table) = item else {
                problems.append(PolicyProblem(entry: "\(section) #\(index + 1)", message: "must be a table"))
                continue
            }
            let name: String
            if case let .string(id)? = table["id"] {
                name = "\(section) '\(id)'"
            } else {
                name = "\(section) #\(index + 1)"
            }
            let entryReader = reader(name, table)
            result.append(read(entryReader))
            if case let .string(id)? = table["id"] {
                for (key, text) in entryReader.chinese { chinese["\(section)/\(id)/\(key)"] = text }
            }
            collect(entryReader) { key in Self.scoreRestriction(section: section, key: key) }
        }
        return result
    }

    static func tier(_ r: PolicyTableReader) -> Tier {
        let id = r.string("id") ?? ""
        return Tier(id: id, title: r.words("title", required: false) ?? id, min: r.integer("min") ?? 0)
    }

    static func agency(_ r: PolicyTableReader) -> Agency {
        Agency(
            id: r.string("id") ?? "", title: r.words("title", required: false) ?? "", kinds: r.strings("kinds") ?? [],
            domain: domain(r, required: false))
    }

    /// The `domain` of a kind or an agency: one of the five.
    static func domain(_ r: PolicyTableReader, required: Bool) -> Domain? {
        guard let text = r.string("domain", required: required) else { return nil }
        guard let domain = Domain(rawValue: text) else {
            r.problem("domain '\(text)' is not one of \(Domain.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return domain
    }

    static func kind(_ r: PolicyTableReader) -> RecordKind {
        let domain = domain(r, required: true)
        var subjects: [SubjectType] = []
        for name in r.strings("subjects", required: false) ?? SubjectType.allCases.map(\.rawValue) {
            if let type = SubjectType(rawValue: name) {
                subjects.append(type)
            } else {
                r.problem("subjects lists '\(name)'; a kind applies to \"person\" and/or \"organization\"")
            }
        }
        if subjects.isEmpty { r.problem("'subjects' names no subject type") }
        let lastsDays = r.integer("lasts_days")
        if lastsDays == nil {
            r.problem(
                "every record kind needs a finite, positive lasts_days: nothing in Candor is forever (SPEC §2.4)")
        }
        let decayText = r.string("decay", required: false) ?? "none"
        let decay = Decay(rawValue: decayText)
        if decay == nil { r.problem("decay '\(decayText)' is not \"none\" or \"linear\"") }
        let id = r.string("id") ?? ""
        return RecordKind(
            id: id, domain: domain ?? .civic, subjects: subjects, title: r.words("title", required: false) ?? id,
            pointsMilli: r.milli("points") ?? 0, lastsDays: lastsDays ?? 1, decay: decay ?? .none,
            fulfilledPointsMilli: r.milli("fulfilled_points", required: false) ?? 0,
            capMilli: r.milli("cap", required: false), repairAfterDays: r.integer("repair_after_days", required: false),
            legalBasis: r.words("legal_basis", required: false) ?? "")
    }

    static func list(_ r: PolicyTableReader) -> PolicyList {
        let id = r.string("id") ?? ""
        return PolicyList(
            id: id, title: r.words("title", required: false) ?? id,
            legalBasis: r.words("legal_basis") ?? "", kinds: r.strings("kinds") ?? [],
            maxDays: r.integer("max_days") ?? 0, restricts: r.strings("restricts") ?? [],
            remedy: r.words("remedy", required: false) ?? "",
            noticeDays: r.integer("notice_days", required: false) ?? 0,
            permits: r.strings("permits", required: false) ?? [],
            permitMaxDays: r.integer("permit_max_days", required: false) ?? 30,
            bindsOfficers: r.strings("binds_officers", required: false) ?? [],
            measures: r.entries("measure", name: "list.measure") { m in
                let action = m.string("action") ?? ""
                return (action, Measure(action: action, legalBasis: m.words("legal_basis") ?? ""))
            })
    }

    static func action(_ r: PolicyTableReader) -> Action {
        let id = r.string("id") ?? ""
        return Action(id: id, title: r.words("title", required: false) ?? id)
    }

    static func privilege(_ r: PolicyTableReader) -> Privilege {
        let id = r.string("id") ?? ""
        return Privilege(id: id, title: r.words("title", required: false) ?? id, minTier: r.string("min_tier") ?? "")
    }

    /// The reason to give for a key that would make a score or tier restrict something.
    static func scoreRestriction(section: String, key: String) -> String? {
        guard ["list", "action", "tier", "privilege"].contains(section) else { return nil }
        let lowered = key.lowercased()
        guard
            lowered.contains("score") || lowered.contains("tier") || lowered.contains("restrict")
                || lowered.contains("deny")
        else { return nil }
        return "'\(key)' would attach a restriction to a score or tier; restrictions come only from lists of "
            + "records with a legal basis (SPEC §2.3)"
    }

    static func unknownSection(_ key: String) -> String {
        let lowered = key.lowercased()
        if ["restriction", "penalty", "sanction", "punishment", "blacklist"].contains(where: lowered.contains) {
            return "restrictions come only from [[list]] entries with a legal basis, a maximum term and the "
                + "kinds of record that lead to them (SPEC §2.3)"
        }
        return "unknown section; a policy has [policy], [score], [disputes], [repair], [[tier]], [[agency]], [[kind]], "
            + "[[list]], [[action]] and [[privilege]]"
    }
}

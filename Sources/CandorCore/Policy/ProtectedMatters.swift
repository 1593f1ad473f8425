/// The matters Candor refuses to rate or restrict (SPEC §2), and the words that betray them in a
/// policy's ids and titles.
enum ProtectedMatters {
    struct Matter {
        let name: String
        let words: Set<String>
        let prefixes: [String]
        /// Whether the matter concerns only record kinds (a judgment of lawful purchases) or every entry.
        let kindsOnly: Bool
    }

    static let matters: [Matter] = [
        Matter(
            name: "biometric or facial recognition",
            words: ["face", "faces", "facial", "fingerprint", "fingerprints", "iris", "dna", "gait", "faceprint"],
            prefixes: ["biometric"], kindsOnly: false),
        Matter(
            name: "political expression or petitioning",
            words: [
                "political", "politics", "protest", "protests", "protester", "dissent", "dissident", "opinion",
                "opinions", "speech", "demonstration", "criticism", "criticising", "criticizing",
            ],
            prefixes: ["petition"], kindsOnly: false),
        Matter(
            name: "religion",
            words: ["faith", "worship", "church", "mosque", "temple", "prayer", "belief", "beliefs", "clergy"],
            prefixes: ["religio"], kindsOnly: false),
        Matter(
            name: "ethnicity",
            words: ["race", "racial", "minority", "tribe", "tribal"], prefixes: ["ethnic"], kindsOnly: false),
        Matter(
            name: "health",
            words: [
                "health", "medical", "illness", "disease", "diagnosis", "disability", "disabled", "hiv",
                "pregnancy", "pregnant", "mental", "psychiatric",
            ],
            prefixes: [], kindsOnly: false),
        Matter(
            name: "union membership",
            words: ["union", "unions", "unionist", "unionised", "unionized", "syndicate"], prefixes: [],
            kindsOnly: false),
        Matter(
            name: "sexuality",
            words: ["gay", "lesbian", "homosexual", "lgbt", "lgbtq", "bisexual", "transgender", "orientation"],
            prefixes: ["sexual"], kindsOnly: false),
        Matter(
            name: "private communications",
            words: [
                "communication", "communications", "correspondence", "chat", "chats", "message", "messages",
                "messaging", "email", "emails", "wiretap",
            ],
            prefixes: [], kindsOnly: false),
        Matter(
            name: "family relationships",
            words: [
                "family", "families", "relative", "relatives", "spouse", "spouses", "marriage", "marital",
                "divorce", "kinship", "parent", "parents", "child", "children", "offspring", "sibling",
                "siblings",
            ],
            prefixes: [], kindsOnly: false),
        Matter(
            name: "moral judgments of lawful purchases",
            words: [
                "game", "games", "gaming", "gamer", "videogame", "videogames", "alcohol", "liquor", "tobacco",
                "cigarette", "cigarettes", "shopping", "purchase", "purchases", "purchasing", "buys", "buying",
                "spending", "diapers",
            ],
            prefixes: [], kindsOnly: true),
    ]

    /// The matter a text refers to, with the word that shows it.
    static func matter(in text: String, isKind: Bool) -> (Matter, String)? {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        for matter in matters where isKind || !matter.kindsOnly {
            if let word = words.first(where: { word in
                matter.words.contains(word) || matter.prefixes.contains(where: word.hasPrefix)
            }) {
                return (matter, word)
            }
        }
        return nil
    }

    static func problems(in policy: Policy) -> [PolicyProblem] {
        var entries: [(entry: String, texts: [String], isKind: Bool)] = [
            ("[policy]", [policy.id, policy.title], false)
        ]
        entries += policy.tiers.map { ("tier '\($0.id)'", [$0.id, $0.title], false) }
        entries += policy.agencies.map { ("agency '\($0.id)'", [$0.id, $0.title], false) }
        entries += policy.kinds.map { ("kind '\($0.id)'", [$0.id, $0.title], true) }
        entries += policy.lists.map { ("list '\($0.id)'", [$0.id, $0.title], false) }
        entries += policy.actions.map { ("action '\($0.id)'", [$0.id, $0.title], false) }
        entries += policy.privileges.map { ("privilege '\($0.id)'", [$0.id, $0.title], false) }
        var problems: [PolicyProblem] = []
        for (entry, texts, isKind) in entries {
            for text in texts {
                if let (matter, word) = matter(in: text, isKind: isKind) {
                    problems.append(
                        PolicyProblem(
                            entry: entry,
                            message:
                                "'\(text)' is about \(matter.name) (the word '\(word)'), which Candor refuses to rate "
                                + "or restrict (SPEC §2)"))
                    break
                }
            }
        }
        return problems
    }
}

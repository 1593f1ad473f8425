import Foundation

/// The matters Candor refuses to rate or restrict (SPEC §2, "Deliberately not built"), recognised by
/// concept in every text of a policy: English words and phrases with their usual synonyms and euphemisms,
/// Chinese terms, and their pinyin written with or without spaces and tones.
///
/// A text is screened after the usages that name a regulated activity rather than a person's life are
/// set aside ("public health", "food safety", "bad faith", "parent company", 醉驾…): a restaurant's
/// public-health violation is not a person's health.
enum ProtectedMatters {
    struct Concept {
        let name: String
        /// What SPEC §2 says Candor never builds, which a policy about this concept would.
        let principle: String
        /// Words and phrases: words separated by spaces, each matched whole or, ending in `*`, as the start
        /// of a word.
        let english: [String]
        /// Terms found anywhere in a text (Chinese has no spaces between words).
        let chinese: [String]
        /// Pinyin without tones or spaces, matched by one word or by neighbouring words run together.
        let pinyin: [String]
        /// Whether only record kinds are screened for it: lists restrict purchases by design.
        var kindsOnly = false
    }

    static let notBuilt = "SPEC §2, deliberately not built: record kinds about "

    static let concepts: [Concept] = [
        Concept(
            name: "biometric or facial recognition",
            principle: "SPEC §2, deliberately not built: biometric or facial recognition",
            english: [
                "face", "faces", "facial", "faceprint*", "fingerprint*", "iris", "dna", "gait", "biometric*",
                "voiceprint*",
                "palm print*",
            ],
            chinese: ["人脸", "刷脸", "面部识别", "指纹", "虹膜", "步态", "声纹", "生物识别", "基因"],
            pinyin: ["renlian", "shualian", "zhiwen", "hongmo", "butai", "shengwen", "shengwushibie", "renlianshibie"]),
        Concept(
            name: "petitioning (letters and visits)", principle: notBuilt + "petitioning",
            english: [
                "petition*", "letters and visits", "letters visits", "grievance*", "skip level", "leapfrog*",
                "higher authorities", "higher level authorities", "stability maintenance", "abnormal visit*",
                "irregular visit*", "collective visit*", "mass visit*", "appeal* to beijing", "went to beijing",
                "complain* to the government", "complain* to authorities", "complain* to higher authorities",
            ],
            chinese: ["上访", "信访", "越级访", "缠访", "闹访", "非正常访", "进京访", "集体访", "访民", "维稳", "告御状", "赴京"],
            pinyin: [
                "shangfang", "shangfangzhe", "xinfang", "xinfangju", "yuejishangfang", "yuejifang", "chanfang",
                "naofang", "feizhengchangshangfang",
                "jinjingshangfang", "fangmin", "weiwen", "jitishangfang",
            ]),
        Concept(
            name: "political expression and online speech about public affairs",
            principle: notBuilt + "political expression",
            english: [
                "politic*", "protest*", "dissent*", "dissident*", "opinion*", "speech", "speeches", "demonstration",
                "demonstrations", "demonstrator*", "criticis*", "criticiz*", "rumour*", "rumor*", "weibo", "microblog*",
                "blog", "blogs", "blogger*", "blogging", "social media", "posted online", "posting online",
                "posts online",
                "online post*", "online remarks", "remarks online", "improper remarks", "inappropriate remarks",
                "harmful content", "harmful information", "public affairs", "sensitive topic*", "picking quarrels",
                "provoking trouble", "stirring up trouble", "negative energy",
            ],
            chinese: [
                "政治", "抗议", "示威", "游行", "异见", "言论", "谣言", "造谣", "传谣", "微博", "发帖", "网络发言", "妄议", "批评政府",
                "有害信息", "寻衅滋事", "敏感话题", "负能量", "朋友圈",
            ],
            pinyin: [
                "zhengzhi", "kangyi", "shiweiyouxing", "yijian renshi", "yanlun", "yaoyan", "zaoyao", "chuanyao",
                "weibo",
                "fatie", "wangyi", "xunxinzishi", "minganhuati", "fumiannengliang", "pengyouquan",
            ]),
        Concept(
            name: "religion", principle: notBuilt + "religion",
            english: [
                "religio*", "faith*", "worship*", "church*", "mosque*", "temple*", "pray*", "belief*", "clergy", "monk",
                "monks", "monaster*", "nun",
                "nuns", "priest*", "pastor*", "imam*", "buddhis*", "christian*", "muslim*", "islam*", "catholic*",
                "protestant*", "taois*", "falun", "sect", "sects", "cult", "cults", "bible*", "quran", "koran",
                "scripture*",
                "sermon*", "pilgrim*", "spiritual*",
            ],
            chinese: [
                "宗教", "信仰", "信教", "传教", "教会", "教堂", "清真寺", "寺庙", "礼拜", "祷告", "祈祷", "佛教", "基督", "伊斯兰", "天主教",
                "道教", "穆斯林", "法轮", "邪教", "烧香", "拜佛", "念经",
            ],
            pinyin: [
                "zongjiao", "zongjiaoxinyang", "xinjiao", "chuanjiao", "jiaohui", "jiaotang", "qingzhensi", "simiao",
                "zuolibai", "daogao", "qidao", "fojiao", "jidujiao", "yisilan", "tianzhujiao", "daojiao", "musilin",
                "falun", "xiejiao", "shaoxiang", "baifo",
            ]),
        Concept(
            name: "ethnicity", principle: notBuilt + "ethnicity",
            english: [
                "ethnic*", "race", "races", "racial*", "minority", "minorities", "tribe*", "tribal", "ancestry",
                "bloodline*",
                "national origin", "uyghur*", "uighur*", "tibetan*", "kazakh*", "mongolian*",
            ],
            chinese: ["民族", "种族", "维吾尔", "维族", "藏族", "回族", "哈萨克", "蒙古族", "血统", "族裔"],
            pinyin: [
                "minzu", "shaoshuminzu", "zhongzu", "weiwuer", "weizu", "zangzu", "huizu", "hasake", "mengguzu",
                "xuetong",
                "zuyi",
            ]),
        Concept(
            name: "health", principle: notBuilt + "health",
            english: [
                "health*", "medical*", "illness*", "sick*", "disease*", "diagnos*", "disabilit*", "disabled person*",
                "disabled people", "handicap*",
                "hiv", "pregnan*", "mental*", "psychiatr*", "depression", "chronic", "patient*", "unvaccinated",
                "not vaccinated", "vaccination status", "obese", "obesity", "overweight",
            ],
            chinese: [
                "健康", "疾病", "患病", "病史", "病情", "医疗记录", "就医", "残疾", "怀孕", "孕妇", "孕期", "精神病", "心理疾病", "抑郁",
                "艾滋", "乙肝", "体检", "慢性病", "患者", "住院",
            ],
            pinyin: [
                "jiankang", "jiankangma", "jibing", "huanbing", "bingshi", "bingqing", "canji", "huaiyun", "yunfu",
                "jingshenbing", "yiyu", "yiyuzheng", "aizibing", "yigan", "tijian", "manxingbing", "huanzhe", "zhuyuan",
            ]),
        Concept(
            name: "union membership", principle: notBuilt + "union membership",
            english: [
                "union", "unions", "unionis*", "unioniz*", "syndicat*", "collective bargaining", "on strike",
                "strike action",
                "wildcat", "walkout*", "shop steward*", "labor activis*", "labour activis*", "labor organizing",
                "labour organising", "workers association",
            ],
            chinese: ["工会", "罢工", "集体谈判", "劳工组织", "工人运动", "劳工维权", "组织工人", "怠工"],
            pinyin: ["gonghui", "bagong", "jititanpan", "laogongzuzhi", "gongrenyundong", "laogongweiquan", "daigong"]),
        Concept(
            name: "sexuality", principle: notBuilt + "sexuality",
            english: [
                "sexual*", "sex life", "gay*", "lesbian*", "homosexual*", "bisexual*", "transgender*", "lgbt*",
                "queer*",
                "same sex", "gender identity", "dating",
            ],
            chinese: ["同性恋", "性取向", "性倾向", "双性恋", "跨性别", "性少数", "变性", "性生活", "男同", "女同"],
            pinyin: [
                "tongxinglian", "xingquxiang", "xingqingxiang", "shuangxinglian", "kuaxingbie", "xingshaoshu",
                "bianxing",
                "xingshenghuo",
            ]),
        Concept(
            name: "private communications", principle: notBuilt + "private communications",
            english: [
                "communication", "communications", "correspondence", "chat", "chats", "chatting", "chatroom*",
                "group chat*", "message", "messages", "messaging", "email*", "e mail*", "wiretap*", "phone call*",
                "call records", "call logs", "private conversation*", "wechat", "sms", "text messages",
                "browsing history",
                "intercepted",
            ],
            chinese: [
                "通信", "通讯记录", "聊天", "私信", "短信", "微信", "邮件", "通话", "私人谈话", "群聊", "监听", "窃听", "浏览记录",
            ],
            pinyin: [
                "tongxinjilu", "tongxunjilu", "liaotian", "liaotianjilu", "sixin", "duanxin", "weixin", "youjian",
                "dianziyoujian", "tonghuajilu", "qunliao", "jianting", "qieting", "liulanjilu",
            ]),
        Concept(
            name: "family relationships", principle: notBuilt + "family relationships",
            english: [
                "family", "families", "relative", "relatives", "kin", "kinship", "spouse*", "marriage*", "marital",
                "married", "divorc*", "parent", "parents", "parental", "parenting", "child", "children", "offspring",
                "sibling*", "filial*", "husband*", "wife", "wives", "son", "sons", "daughter*", "grandparent*",
                "mother in law",
                "father in law", "in laws", "visit* parents", "visit* their parents", "elderly parents", "visit* home",
                "going home",
                "rights and interests of the elderly",
            ],
            chinese: [
                "家庭", "家人", "家属", "亲属", "亲戚", "配偶", "婚姻", "结婚", "离婚", "夫妻", "父母", "子女", "孩子", "兄弟姐妹", "孝顺",
                "孝道", "不孝", "孝敬", "赡养", "探望父母", "看望父母", "常回家看看", "老年人权益保障", "连坐",
            ],
            pinyin: [
                "jiating", "jiaren", "jiashu", "qinshu", "qinqi", "peiou", "hunyin", "jiehun", "lihun", "fuqi", "fumu",
                "zinv",
                "zinu", "haizi", "xiaoshun", "buxiao", "shanyang", "tanwangfumu", "kanwangfumu", "changhuijiakankan",
                "lianzuo",
            ]),
        Concept(
            name: "lawful purchases and pastimes",
            principle: "SPEC §2, deliberately not built: moral judgments of lawful "
                + "purchases (what someone buys or plays)",
            english: [
                "game*", "gaming", "gamer*", "videogame*", "alcohol*", "liquor", "beer", "wine", "wines", "tobacco",
                "cigarette*", "shopping", "purchas*", "buys", "buying", "bought", "spend*", "diaper*", "nappies",
                "pastime*",
                "hobby", "hobbies", "leisure", "entertainment", "karaoke", "mahjong", "nightlife", "luxury goods",
                "stays up late",
            ],
            chinese: [
                "游戏", "网游", "饮酒", "喝酒", "买酒", "酗酒", "烟草", "香烟", "购物", "购买", "消费", "网购", "尿布", "娱乐", "爱好",
                "打麻将", "麻将", "卡拉OK", "熬夜", "奢侈品",
            ],
            pinyin: [
                "youxi", "wangyou", "dayouxi", "yinjiu", "hejiu", "maijiu", "xujiu", "yancao", "xiangyan", "gouwu",
                "goumai", "wanggou", "niaobu", "yule", "aihao", "damajiang", "majiang", "aoye", "shechipin",
            ],
            kindsOnly: true),
    ]

    /// Usages about a regulated activity, set aside before a text is screened.
    static let benignEnglish: [String] = [
        "public health", "environmental health", "occupational health", "health and safety", "health inspection*",
        "health licen*", "health permit*", "medical device*", "medical waste", "medical insurance",
        "medical institution*", "medical equipment", "medical supplies", "medical advert*", "animal disease*",
        "plant disease*", "bad faith", "good faith", "parent compan*", "child labour", "child labor", "child safety",
        "credit union*", "european union", "customs union", "minority shareholder*", "minority stake*",
        "minority interest*", "audit opinion*", "legal opinion*", "expert opinion*", "bankruptcy petition*",
        "petition* for bankruptcy", "sexual harassment", "sexual assault", "wild game", "game animal*", "purchase tax",
        "drunk driving", "drink driving", "under the influence", "alcohol licen*", "tobacco monopoly",
        "tobacco licen*", "tobacco retail licen*", "counterfeit cigarette*", "smuggled cigarette*", "fake cigarette*",
        "spam", "family farm*", "family business*", "counterfeit wine*", "counterfeit liquor", "counterfeit alcohol",
        "fake wine*", "fake liquor", "entertainment venue*", "entertainment establishment*",
        "communications administration", "telecommunications", "sold tobacco", "sell* tobacco", "sold alcohol",
        "sell* alcohol",
    ]

    /// Kinds of official document a legal basis names ("Opinions on Accelerating…"), set aside in legal bases.
    static let documentKinds = ["opinions on", "opinion on", "guiding opinions"]

    static let benignChinese: [String] = [
        "公共卫生", "环境卫生", "环境健康", "职业健康", "职业卫生", "健康证", "医疗器械", "医疗废物", "医保基金", "医疗机构", "动物疫病",
        "食品安全", "消防安全", "安全生产", "母公司", "童工", "转基因", "醉驾", "酒驾", "醉酒驾驶", "饮酒驾驶", "烟草专卖", "限制消费",
        "限制高消费", "高消费", "消费者", "消费税", "消费贷", "消费信贷", "消费金融", "非法购买", "垃圾短信", "家庭农场", "娱乐场所",
        "通信管理", "通信行业", "通信设施", "通信工程", "微信支付", "虚假就医", "骗保", "假冒香烟", "走私香烟", "经营烟草", "销售烟草",
    ]

    /// A phrase of `english` or `benignEnglish`, read once: each word's pattern, `*` meaning "starts with".
    struct Phrase {
        let patterns: [(text: Substring, isPrefix: Bool)]

        init(_ phrase: String) {
            patterns = phrase.split(separator: " ").map { $0.hasSuffix("*") ? ($0.dropLast(), true) : ($0, false) }
        }

        /// Whether `word` matches the phrase's word at `offset`.
        func matches(_ word: String, at offset: Int) -> Bool {
            let pattern = patterns[offset]
            return pattern.isPrefix ? word.hasPrefix(pattern.text) : word == pattern.text
        }
    }

    /// Each concept's English phrases and pinyin, read once.
    private static let parsed: [(english: [Phrase], pinyin: [String])] = concepts.map { concept in
        (concept.english.map(Phrase.init), concept.pinyin.map { $0.replacingOccurrences(of: " ", with: "") })
    }
    private static let benignPhrases = benignEnglish.map(Phrase.init)
    private static let legalBasisBenignPhrases = benignPhrases + documentKinds.map(Phrase.init)

    /// The concept a text is about, with the words that show it.
    static func concept(in text: String, isKind: Bool, isLegalBasis: Bool = false) -> (Concept, String)? {
        var chineseText = text
        for usage in benignChinese { chineseText = chineseText.replacingOccurrences(of: usage, with: " ") }
        let words = Words(text, setting: isLegalBasis ? legalBasisBenignPhrases : benignPhrases)
        for (concept, phrases) in zip(concepts, parsed) where isKind || !concept.kindsOnly {
            if let term = concept.chinese.first(where: chineseText.contains) { return (concept, term) }
            for phrase in phrases.english {
                if let found = words.find(phrase) { return (concept, found) }
            }
            for term in phrases.pinyin {
                if let found = words.findRunTogether(term) { return (concept, found) }
            }
        }
        return nil
    }

    /// A text's Latin words, lower-case and without tones, with the benign usages marked.
    struct Words {
        let words: [String]
        private var setAside: [Bool]

        init(_ text: String, setting benign: [Phrase]) {
            let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
            words = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
            setAside = Array(repeating: false, count: words.count)
            for usage in benign {
                for start in starts(of: usage) {
                    for index in start..<(start + usage.patterns.count) { setAside[index] = true }
                }
            }
        }

        /// The places where a phrase matches; with `skippingSetAside`, none of its words set aside.
        private func starts(of phrase: Phrase, skippingSetAside: Bool = false) -> [Int] {
            let count = phrase.patterns.count
            guard count > 0, words.count >= count else { return [] }
            return (0...(words.count - count)).filter { start in
                (0..<count).allSatisfy { offset in
                    !(skippingSetAside && setAside[start + offset]) && phrase.matches(words[start + offset], at: offset)
                }
            }
        }

        /// The words matching `phrase`, if they occur outside every benign usage.
        func find(_ phrase: Phrase) -> String? {
            guard let start = starts(of: phrase, skippingSetAside: true).first else { return nil }
            return words[start..<(start + phrase.patterns.count)].joined(separator: " ")
        }

        /// The words that, run together, spell `term`, written without spaces ("shang fang", "Shàngfǎng",
        /// "xin-fang" spell "shangfang").
        func findRunTogether(_ term: String) -> String? {
            for start in words.indices where !setAside[start] {
                var joined = ""
                for end in start..<min(words.count, start + 6) where !setAside[end] {
                    joined += words[end]
                    if joined == term { return words[start...end].joined(separator: " ") }
                    if joined.count >= term.count || !term.hasPrefix(joined) { break }
                }
            }
            return nil
        }
    }

    /// Every text of the policy a person reads or an id names, with where it is written.
    static func texts(of policy: Policy) -> [(entry: String, field: String, text: String, isKind: Bool)] {
        var texts: [(String, String, String, Bool)] = [
            ("[policy]", "id", policy.id, false), ("[policy]", "title", policy.title, false),
        ]
        func add(_ section: String, _ id: String, _ fields: [(String, String)], isKind: Bool = false) {
            let entry = "\(section) '\(id)'"
            texts.append((entry, "id", id, isKind))
            for (field, text) in fields { texts.append((entry, field, text, isKind)) }
            for (key, text) in policy.chinese where key.hasPrefix("\(section)/\(id)/") {
                let field = String(key.dropFirst(section.count + id.count + 2))
                let named =
                    Measure.action(fromChineseKey: field).map { "measure '\($0)' legal_basis_zh" } ?? field + "_zh"
                texts.append((entry, named, text, isKind))
            }
        }
        if let title = policy.chinese["policy//title"] { texts.append(("[policy]", "title_zh", title, false)) }
        for tier in policy.tiers { add("tier", tier.id, [("title", tier.title)]) }
        for agency in policy.agencies { add("agency", agency.id, [("title", agency.title)]) }
        for kind in policy.kinds {
            add("kind", kind.id, [("title", kind.title), ("legal_basis", kind.legalBasis)], isKind: true)
        }
        for list in policy.lists {
            add(
                "list", list.id,
                [("title", list.title), ("legal_basis", list.legalBasis), ("remedy", list.remedy)]
                    + list.measures.map { ("measure '\($0.action)' legal_basis", $0.legalBasis) })
        }
        for action in policy.actions { add("action", action.id, [("title", action.title)]) }
        for privilege in policy.privileges { add("privilege", privilege.id, [("title", privilege.title)]) }
        return texts
    }

    static func problems(in policy: Policy) -> [PolicyProblem] {
        var problems: [PolicyProblem] = []
        var refused: Set<String> = []
        for (entry, field, text, isKind) in texts(of: policy) where !refused.contains(entry) {
            guard let (concept, found) = concept(in: text, isKind: isKind, isLegalBasis: field.contains("legal_basis"))
            else { continue }
            refused.insert(entry)
            problems.append(
                PolicyProblem(
                    entry: entry,
                    message:
                        "\(field) '\(text)' is about \(concept.name) (“\(found)”), which Candor refuses to rate or "
                        + "restrict (\(concept.principle))"))
        }
        return problems
    }
}

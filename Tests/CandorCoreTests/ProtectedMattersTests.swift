import Foundation
import Testing

@testable import CandorCore

/// `candor policy lint` refuses every text about a protected matter (SPEC §2), by concept, in English,
/// Chinese and pinyin, in every field; and passes what only sounds like one.
@Suite("Protected matters")
struct ProtectedMattersTests {
    /// Titles that must be refused, by the concept they are about: English, Chinese, pinyin.
    static let refused: [(concept: String, english: [String], chinese: [String], pinyin: [String])] = [
        (
            "biometric",
            [
                "Caught by facial recognition jaywalking", "Face scan at the metro gate failed",
                "Fingerprint mismatch at the border", "Iris scan flagged", "Gait analysis match",
                "Voiceprint flagged on a hotline",
            ],
            ["人脸识别抓拍闯红灯", "刷脸进站失败", "指纹比对不符", "虹膜扫描异常", "步态识别命中", "声纹比对命中"],
            ["Renlian shibie zhuapai", "shua lian", "zhiwen bidui", "hongmo saomiao", "butai shibie", "shengwen"]
        ),
        (
            "petitioning",
            [
                "Petitioned higher authorities", "Took part in letters and visits",
                "Skip-level visit to the provincial office", "Leapfrog complaint",
                "Abnormal visits to government offices",
                "Went to Beijing to complain", "Repeated grievances",
            ],
            ["越级上访", "信访次数过多", "缠访闹访", "非正常访", "进京访", "集体访"],
            ["shangfang", "Shàngfǎng", "xin fang", "chanfang", "naofang", "yueji shangfang", "fangmin"]
        ),
        (
            "political expression",
            [
                "Spread rumours online", "Posted harmful content on Weibo", "Political activity",
                "Took part in a street protest", "Improper remarks about public affairs",
                "Criticised officials on a blog",
                "Picking quarrels and provoking trouble",
            ],
            ["网上散布谣言", "在微博发布有害信息", "发表不当言论", "妄议中央", "寻衅滋事", "参加游行示威"],
            ["yaoyan", "zao yao", "weibo fatie", "budang yanlun", "xunxin zishi", "wangyi"]
        ),
        (
            "religion",
            [
                "Attends church", "Religious activity", "Prayer meetings", "Visited a mosque",
                "Member of a house church",
                "Practises Falun Gong", "Buddhist temple donor",
            ],
            ["参加宗教活动", "去教堂做礼拜", "信教群众", "清真寺", "家庭教会成员", "烧香拜佛"],
            ["zongjiao huodong", "jiao hui", "qing zhen si", "zuo libai", "shaoxiang baifo", "fojiao"]
        ),
        (
            "ethnicity",
            [
                "Ethnic group", "Racial background", "Ethnic minority", "Tribal affiliation", "Uyghur origin",
                "National origin",
            ],
            ["少数民族", "民族成分", "种族", "维吾尔族", "藏族", "回族"],
            ["shaoshu minzu", "minzu", "zhongzu", "weiwuer", "zangzu", "huizu"]
        ),
        (
            "health",
            [
                "Chronic illness", "Medical history", "Mental disorder", "HIV positive", "Pregnancy", "Disability",
                "Unvaccinated", "Red health code",
            ],
            ["患有慢性病", "精神病史", "艾滋病患者", "怀孕", "残疾", "健康码红码"],
            ["jiankang ma", "jibing", "jingshenbing", "huaiyun", "canji", "aizibing"]
        ),
        (
            "union membership",
            [
                "Trade union member", "Unionised workers", "Organised strike action", "Went on strike",
                "Collective bargaining organiser", "Labour activist", "Walkout leader",
            ],
            ["工会会员", "组织罢工", "参与集体谈判", "劳工维权", "工人运动", "消极怠工"],
            ["gonghui", "ba gong", "jiti tanpan", "laogong weiquan", "daigong", "gongren yundong"]
        ),
        (
            "sexuality",
            [
                "Sexual orientation", "Gay", "Lesbian relationship", "Transgender", "Same-sex partner", "LGBT events",
                "Dating app use",
            ],
            ["同性恋", "性取向", "双性恋", "跨性别者", "变性", "性少数群体"],
            ["tongxinglian", "xing quxiang", "shuangxinglian", "kuaxingbie", "bianxing", "xingshaoshu"]
        ),
        (
            "private communications",
            [
                "Private communications flagged", "Chat logs", "Email content", "Wiretap finding", "Text messages",
                "Phone call records", "Correspondence reviewed",
            ],
            ["私人通信", "聊天记录", "短信内容", "通话记录", "监听发现", "微信私信"],
            ["liaotian jilu", "sixin", "duanxin", "tonghua jilu", "jianting", "weixin"]
        ),
        (
            "family relationships",
            [
                "A family member defaulted", "Did not visit parents", "Failed to visit their parents often", "Divorce",
                "Relatives of defaulters", "Unfilial son", "Spouse's debts",
            ],
            ["不常回家看看", "未探望父母", "不孝顺", "亲属失信", "离婚", "配偶欠债"],
            ["changhuijia kankan", "tanwang fumu", "buxiao", "qinshu", "lihun", "peiou"]
        ),
        (
            "lawful purchases",
            [
                "Plays video games for hours", "Buys alcohol", "Online shopping habits", "Purchased diapers",
                "Spending on luxury goods", "Tobacco purchases", "Mahjong pastime",
            ],
            ["长时间玩游戏", "购买酒类", "网购频繁", "打麻将", "经常熬夜", "购物成瘾"],
            ["youxi", "gouwu", "hejiu", "majiang", "aoye", "wanggou"]
        ),
    ]

    /// Kinds about regulated activities that only sound like a protected matter.
    static let passing: [(english: String, chinese: String)] = [
        ("Fined for a food safety violation", "因食品安全违法被罚款"),
        ("Environmental health violation at a restaurant kitchen", "餐馆违反环境卫生规定"),
        ("Public-health rule breached by a restaurant", "餐馆违反公共卫生规定"),
        ("Fire safety violation: blocked fire exits", "消防安全违法：堵塞消防通道"),
        ("Disabled fire alarms in a hotel", "关闭酒店火灾报警器"),
        ("Litigated in bad faith", "恶意诉讼"),
        ("The parent company hid assets", "母公司隐匿财产"),
        ("Drunk driving", "醉驾"),
        ("Employed child labour", "使用童工"),
        ("Sold tobacco without a tobacco monopoly licence", "无烟草专卖许可证经营烟草"),
        ("Defaulted on a loan from a credit union", "农村信用社贷款逾期"),
        ("Issued a false audit opinion", "出具虚假审计报告"),
        ("Violated a high-consumption restriction order", "违反限制高消费令"),
    ]

    /// The test policy with one more judicial kind, granted to the court, whose keys are `keys`.
    static func policy(withKind keys: String, id: String = "court.extra") throws -> Policy.LintReport {
        let text = String(decoding: try fixture("test-city.toml"), as: UTF8.self)
        let granted = text.replacingOccurrences(
            of: #"kinds = ["court.default", "court.fine"]"#, with: #"kinds = ["court.default", "court.fine", "\#(id)"]"#
        )
        let kind = """

            [[kind]]
            id = "\(id)"
            domain = "judicial"
            subjects = ["person"]
            points = -10
            lasts_days = 100
            legal_basis = "Test law, art. 7"
            \(keys)

            """
        let index = granted.range(of: "[[list]]")!.lowerBound
        return Policy.lint(Data((String(granted[..<index]) + kind + String(granted[index...])).utf8))
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    @Test("a kind otherwise valid passes with a neutral title, in both languages")
    func control() throws {
        let report = try Self.policy(withKind: "title = \"Did not pay a fine\"\ntitle_zh = \"未缴纳罚款\"")
        #expect(report.problems == [])
    }

    @Test(
        "titles about a protected matter are refused in English, Chinese and pinyin", arguments: refused.map(\.concept))
    func refusedTitles(_ concept: String) throws {
        let cases = try #require(Self.refused.first { $0.concept == concept })
        #expect(cases.english.count >= 5 && cases.chinese.count >= 5 && cases.pinyin.count >= 5)
        let written =
            cases.english.map { ("title = \(Self.quoted($0))", "title") }
            + cases.chinese.map { ("title = \"Did not pay a fine\"\ntitle_zh = \(Self.quoted($0))", "title_zh") }
            + cases.pinyin.map { ("title = \(Self.quoted($0))", "title") }
        for (keys, field) in written {
            let report = try Self.policy(withKind: keys)
            #expect(report.policy == nil, "\(keys) passed")
            let problem = report.problems.first { $0.entry == "kind 'court.extra'" }
            #expect(problem?.message.contains(concept) == true, "\(keys): \(report.problems)")
            #expect(problem?.message.hasPrefix(field + " ") == true, "\(keys): \(report.problems)")
            #expect(problem?.message.contains("SPEC §2") == true, "\(keys): \(report.problems)")
            // Only the screen refuses: the kind is otherwise valid.
            #expect(report.problems.count == 1, "\(keys): \(report.problems)")
        }
    }

    @Test("an id in pinyin is screened too")
    func pinyinID() throws {
        for id in ["court.shang-fang", "court.xinfang", "court.jiating-guanxi"] {
            let report = try Self.policy(withKind: "title = \"Did not pay a fine\"", id: id)
            #expect(report.problems.contains { $0.entry == "kind '\(id)'" && $0.message.hasPrefix("id ") }, "\(id)")
        }
    }

    @Test("kinds about regulated activities that sound like a protected matter pass", arguments: passing.map(\.english))
    func passingKinds(_ english: String) throws {
        let chinese = try #require(Self.passing.first { $0.english == english }).chinese
        let report = try Self.policy(withKind: "title = \(Self.quoted(english))\ntitle_zh = \(Self.quoted(chinese))")
        #expect(report.problems == [], "\(english) / \(chinese)")
    }

    @Test("legal bases, remedies, measures and actions are screened; purchases only in kinds")
    func otherFields() throws {
        let text = String(decoding: try fixture("test-city.toml"), as: UTF8.self)
        let cases: [(replace: String, with: String, entry: String, field: String)] = [
            (
                #"legal_basis = "Test law, art. 1""#, #"legal_basis = "Regulation on letters and visits, art. 1""#,
                "list 'defaulters'", "legal_basis"
            ),
            (#"remedy = "Pay.""#, #"remedy = "Stop petitioning.""#, "list 'defaulters'", "remedy"),
            (
                #"legal_basis = "Test law, art. 4""#, #"legal_basis = "Rules on online rumours, art. 4""#,
                "list 'defaulters'", "measure 'rail.ticket' legal_basis"
            ),
            (
                #"title = "Buy an air ticket""#, "title = \"Buy an air ticket\"\ntitle_zh = \"带孩子乘飞机\"",
                "action 'air.ticket'", "title_zh"
            ),
            (
                #"legal_basis = "Test law, art. 2""#, #"legal_basis = "Religious Affairs Regulations, art. 2""#,
                "kind 'court.default'", "legal_basis"
            ),
        ]
        for (replace, with, entry, field) in cases {
            #expect(text.contains(replace))
            let report = Policy.lint(Data(text.replacingOccurrences(of: replace, with: with).utf8))
            #expect(
                report.problems.contains { $0.entry == entry && $0.message.hasPrefix(field + " ") },
                "\(report.problems)")
        }
        // Actions are what lists restrict, purchases among them: "Buy" in an action is no moral judgment.
        let buying = Policy.lint(
            Data(text.replacingOccurrences(of: #"title = "Buy an air ticket""#, with: #"title = "Buy wine""#).utf8))
        #expect(buying.problems == [])
    }
}

import CandorCore

/// Name parts for the synthetic city, in Chinese characters: common surnames, the characters of given
/// names, and the parts of business names.
enum SyntheticNames {
    /// The most common surnames, most frequent first; earlier ones are drawn more often.
    static let surnames = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
        "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "邓", "曹",
        "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "魏",
        "苏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范",
    ]
    /// Characters of given names: one or two make a given name.
    static let givenSyllables = [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
        "涛", "明", "超", "秀", "英", "华", "慧", "平", "刚", "桂", "兰", "红", "霞", "斌",
        "波", "丹", "峰", "浩", "健", "凯", "林", "玲", "梅", "鹏", "青", "瑞", "珊", "婷",
        "欣", "雪", "宇", "云", "珍", "志", "梓", "海", "文", "鸿", "龙", "飞", "晨", "轩",
    ]
    static let brands = [
        "恒泰", "金龙", "华信", "鑫达", "东方", "天元", "宝利", "瑞丰", "康辉", "盛华",
        "永兴", "民生", "海洋", "长江", "中信", "富达", "鸿运", "嘉禾", "龙腾",
        "美达", "前锋", "三和", "泰康", "万家", "翔宇", "亿达", "正泰", "安信", "博通",
        "创意", "大华", "丰源", "光辉", "华美", "嘉信", "开元", "联合", "明阳",
    ]
}

/// The trade a synthetic business is in, which decides the records it can attract.
enum Industry: CaseIterable {
    case food, catering, chemicals, textiles, construction, logistics, trading, technology, retail

    var title: String {
        switch self {
        case .food: "食品"
        case .catering: "餐饮管理"
        case .chemicals: "化工"
        case .textiles: "纺织印染"
        case .construction: "建筑工程"
        case .logistics: "物流"
        case .trading: "贸易"
        case .technology: "信息技术"
        case .retail: "超市"
        }
    }

    var handlesFood: Bool { [.food, .catering, .retail].contains(self) }
    var pollutes: Bool { [.chemicals, .textiles, .construction, .food].contains(self) }
}

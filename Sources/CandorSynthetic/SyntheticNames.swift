import CandorCore
/// Name parts for the synthetic city: common Chinese surnames and given names in pinyin, and the parts
/// of business names.
enum SyntheticNames {
    /// The most common surnames, most frequent first; earlier ones are drawn more often.
    static let surnames = [
        "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu",
        "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao",
        "Peng", "Zeng", "Xiao", "Tian", "Dong", "Yuan", "Pan", "Jiang", "Cai", "Yu", "Du", "Ye", "Cheng", "Wei",
        "Su", "Lü", "Ding", "Ren", "Shen", "Yao", "Lu", "Jiang", "Cui", "Zhong", "Tan", "Lu", "Wang", "Fan",
    ]
    static let givenSyllables = [
        "Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie", "Juan",
        "Tao", "Ming", "Chao", "Xiu", "Ying", "Hua", "Hui", "Ping", "Gang", "Gui", "Lan", "Hong", "Xia", "Bin",
        "Bo", "Dan", "Feng", "Hao", "Jian", "Kai", "Lin", "Ling", "Mei", "Peng", "Qing", "Rui", "Shan", "Ting",
        "Xin", "Xue", "Yu", "Yun", "Zhen", "Zhi", "Zi", "Hai", "Wen", "Hong", "Long", "Fei", "Chen", "Xuan",
    ]
    static let brands = [
        "Hengtai", "Jinlong", "Huaxin", "Xinda", "Dongfang", "Tianyuan", "Baoli", "Ruifeng", "Kanghui", "Shenghua",
        "Yongxing", "Minsheng", "Haiyang", "Changjiang", "Zhongxin", "Fuda", "Hongyun", "Jiahe", "Longteng",
        "Meida", "Qianfeng", "Sanhe", "Taikang", "Wanjia", "Xiangyu", "Yida", "Zhengtai", "Anxin", "Botong",
        "Chuangyi", "Dahua", "Fengyuan", "Guanghui", "Huamei", "Jiaxin", "Kaiyuan", "Lianhe", "Mingyang",
    ]
}

/// The trade a synthetic business is in, which decides the records it can attract.
enum Industry: CaseIterable {
    case food, catering, chemicals, textiles, construction, logistics, trading, technology, retail

    var title: String {
        switch self {
        case .food: "Food Products"
        case .catering: "Catering"
        case .chemicals: "Chemical Industry"
        case .textiles: "Textiles and Dyeing"
        case .construction: "Construction Engineering"
        case .logistics: "Logistics"
        case .trading: "Trading"
        case .technology: "Information Technology"
        case .retail: "Supermarkets"
        }
    }

    var handlesFood: Bool { [.food, .catering, .retail].contains(self) }
    var pollutes: Bool { [.chemicals, .textiles, .construction, .food].contains(self) }
}

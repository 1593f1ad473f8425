/// An exact sum of fractions, so that `round half away from zero` sees true halves.
///
/// Linear decay makes each kind's total a fraction with the kind's `lasts_days` as denominator; the
/// sum of such fractions is kept exact in 64-bit integers. A sum begun over the policy's common
/// denominator (`commonDenominator(of:)`) adds each fraction by one multiplication, without the two
/// greatest common divisors of the general case (a third of a re-rating's time). Should a denominator ever
/// overflow, the sum continues in floating point, which is then the best that can be done.
struct ExactSum {
    private var numerator: Int64 = 0
    private var denominator: Int64
    private var fallback: Double?

    /// A sum of zero, kept over `common`: fractions whose denominator divides it add without reduction.
    init(over common: Int64 = 1) {
        denominator = common
    }

    /// The least common multiple of `denominators` (the `lasts_days` of the linear kinds), or 1 past a
    /// million, where sums over it could overflow.
    static func commonDenominator(of denominators: some Sequence<Int64>) -> Int64 {
        var common: Int64 = 1
        for d in denominators where d > 0 {
            let (next, overflow) = (common / gcd(common, d)).multipliedReportingOverflow(by: d)
            guard !overflow, next <= 1_000_000 else { return 1 }
            common = next
        }
        return common
    }

    mutating func add(_ n: Int64, over d: Int64) {
        if fallback == nil, denominator % d == 0 {
            let (scaled, o1) = n.multipliedReportingOverflow(by: denominator / d)
            let (sum, o2) = numerator.addingReportingOverflow(scaled)
            if !o1 && !o2 {
                numerator = sum
                return
            }
        }
        if let value = fallback {
            fallback = value + Double(n) / Double(d)
            return
        }
        let g = Self.gcd(denominator, d)
        let (den, o1) = (denominator / g).multipliedReportingOverflow(by: d)
        let (left, o2) = numerator.multipliedReportingOverflow(by: d / g)
        let (right, o3) = n.multipliedReportingOverflow(by: denominator / g)
        let (sum, o4) = left.addingReportingOverflow(right)
        if o1 || o2 || o3 || o4 {
            fallback = Double(numerator) / Double(denominator) + Double(n) / Double(d)
            return
        }
        let reduce = Swift.max(Self.gcd(Swift.abs(sum), den), 1)
        numerator = sum / reduce
        denominator = den / reduce
    }

    /// The sum divided by `scale`, rounded half away from zero.
    func rounded(dividingBy scale: Int64) -> Int {
        if let value = fallback { return Int((value / Double(scale)).rounded(.toNearestOrAwayFromZero)) }
        let (whole, overflow) = denominator.multipliedReportingOverflow(by: scale)
        if overflow {
            return Int((Double(numerator) / Double(denominator) / Double(scale)).rounded(.toNearestOrAwayFromZero))
        }
        let magnitude = numerator.magnitude
        var quotient = magnitude / whole.magnitude
        if 2 * (magnitude % whole.magnitude) >= whole.magnitude { quotient += 1 }
        return numerator < 0 ? -Int(quotient) : Int(quotient)
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (Swift.abs(a), Swift.abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}

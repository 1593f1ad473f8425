/// An exact sum of fractions, so that `round half away from zero` sees true halves.
///
/// Linear decay makes each kind's total a fraction with the kind's `lasts_days` as denominator; the
/// sum of such fractions is kept exact in 64-bit integers. Should a denominator ever overflow, the sum
/// continues in floating point, which is then the best that can be done.
struct ExactSum {
    private var numerator: Int64 = 0
    private var denominator: Int64 = 1
    private var fallback: Double?

    mutating func add(_ n: Int64, over d: Int64) {
        if let value = fallback {
            fallback = value + Double(n) / Double(d)
            return
        }
        let g = gcd(denominator, d)
        let (den, o1) = (denominator / g).multipliedReportingOverflow(by: d)
        let (left, o2) = numerator.multipliedReportingOverflow(by: d / g)
        let (right, o3) = n.multipliedReportingOverflow(by: denominator / g)
        let (sum, o4) = left.addingReportingOverflow(right)
        if o1 || o2 || o3 || o4 {
            fallback = Double(numerator) / Double(denominator) + Double(n) / Double(d)
            return
        }
        let reduce = Swift.max(gcd(Swift.abs(sum), den), 1)
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

    private func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (Swift.abs(a), Swift.abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}

import Testing

@testable import CandorCore

@Suite("Exact sums")
struct ExactSumTests {
    @Test("a sum over the policy's common denominator rounds as the general sum does")
    func commonDenominator() {
        var random = SystemRandomNumberGenerator()
        let days: [Int64] = [365, 730, 1095, 1825, 10, 100, 200, 7]
        let common = ExactSum.commonDenominator(of: days)
        #expect(common == 306_600 && days.allSatisfy { common % $0 == 0 })
        for _ in 0..<20_000 {
            var general = ExactSum()
            var fast = ExactSum(over: common)
            var exact = (numerator: Int64(0), denominator: Int64(1))
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let d = Bool.random(using: &random) ? 1 : days.randomElement(using: &random)!
                // Halves happen: numerators near multiples of the denominator times 500.
                let n =
                    Int64.random(in: -400...400, using: &random) * 500 * d + Int64.random(in: -3...3, using: &random)
                general.add(n, over: d)
                fast.add(n, over: d)
                exact = (exact.numerator * (common / exact.denominator) + n * (common / d), common)
            }
            #expect(fast.rounded(dividingBy: 1000) == general.rounded(dividingBy: 1000))
            // Rounded half away from zero, from the plain integer sum over the common denominator.
            let whole = exact.denominator * 1000
            let magnitude = (exact.numerator.magnitude + whole.magnitude / 2) / whole.magnitude
            #expect(fast.rounded(dividingBy: 1000) == (exact.numerator < 0 ? -Int(magnitude) : Int(magnitude)))
        }
    }

    @Test("denominators whose common multiple passes a million fall back to the general sum")
    func largeCommonDenominator() {
        #expect(ExactSum.commonDenominator(of: [999_983, 999_979]) == 1)
        #expect(ExactSum.commonDenominator(of: []) == 1)
        var sum = ExactSum(over: 10)
        sum.add(1, over: 3)
        sum.add(1, over: 6)
        #expect(sum.rounded(dividingBy: 1) == 1)  // one half, away from zero
    }
}

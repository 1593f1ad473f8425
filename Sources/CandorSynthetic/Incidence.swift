import CandorCore
/// How often a kind of record happens to a subject in the synthetic city, over its six years.
struct Incidence: Sendable {
    var kind: String
    /// Share of eligible subjects with at least one such record in six years.
    var share: Double
    /// How many records such a subject has.
    var count: ClosedRange<Int>
    /// Share of records whose obligation is met later, and how many days later.
    var fulfilledShare: Double = 0
    var fulfilledAfter: ClosedRange<Int> = 30...600
    /// Range of the amount in yuan, for records about money.
    var amount: ClosedRange<Int>?
    var legalBasis: String?
    /// Only businesses of industries for which this holds attract the record.
    var industries: (@Sendable (Industry) -> Bool)?

    /// Records about people, at rates grounded in published figures: about 0.4% of adults are on the
    /// judgment defaulter list at any time.
    static let people: [Incidence] = [
        Incidence(
            kind: "court.judgment-default", share: 0.011, count: 1...2, fulfilledShare: 0.55,
            fulfilledAfter: 20...700, amount: 5_000...600_000, legalBasis: "Civil Procedure Law, art. 262"),
        Incidence(
            kind: "court.evading-enforcement", share: 0.0015, count: 1...1, fulfilledShare: 0.3,
            amount: 50_000...2_000_000, legalBasis: "Civil Procedure Law, art. 114"),
        Incidence(
            kind: "tax.late-filing", share: 0.03, count: 1...3, legalBasis: "Tax Collection Administration Law, art. 62"
        ),
        Incidence(
            kind: "tax.arrears", share: 0.01, count: 1...2, fulfilledShare: 0.7, fulfilledAfter: 10...300,
            amount: 1_000...80_000, legalBasis: "Tax Collection Administration Law, art. 32"),
        Incidence(
            kind: "tax.major-violation", share: 0.0004, count: 1...1, fulfilledShare: 0.4,
            amount: 100_000...5_000_000, legalBasis: "Tax Collection Administration Law, art. 63"),
        Incidence(
            kind: "bank.loan-default", share: 0.015, count: 1...2, fulfilledShare: 0.45,
            amount: 10_000...900_000, legalBasis: "Regulation on the Administration of Credit Reporting, art. 16"),
        Incidence(
            kind: "bank.card-overdue", share: 0.05, count: 1...3, fulfilledShare: 0.7, fulfilledAfter: 5...120,
            amount: 500...50_000, legalBasis: "Regulation on the Administration of Credit Reporting, art. 16"),
        Incidence(kind: "civic.blood-donation", share: 0.08, count: 1...5),
        Incidence(kind: "civic.volunteer-service", share: 0.10, count: 1...6),
        Incidence(kind: "civic.award", share: 0.01, count: 1...1),
        Incidence(kind: "civic.charitable-donation", share: 0.05, count: 1...3, amount: 100...20_000),
    ]

    /// Records about businesses; regulatory ones only in the trades they concern.
    static let businesses: [Incidence] = [
        Incidence(
            kind: "court.judgment-default", share: 0.03, count: 1...3, fulfilledShare: 0.5,
            fulfilledAfter: 20...700, amount: 20_000...5_000_000, legalBasis: "Civil Procedure Law, art. 262"),
        Incidence(
            kind: "court.evading-enforcement", share: 0.003, count: 1...1, fulfilledShare: 0.3,
            amount: 100_000...10_000_000, legalBasis: "Civil Procedure Law, art. 114"),
        Incidence(
            kind: "tax.late-filing", share: 0.10, count: 1...3, legalBasis: "Tax Collection Administration Law, art. 62"
        ),
        Incidence(
            kind: "tax.arrears", share: 0.04, count: 1...2, fulfilledShare: 0.7, fulfilledAfter: 10...300,
            amount: 5_000...900_000, legalBasis: "Tax Collection Administration Law, art. 32"),
        Incidence(
            kind: "tax.major-violation", share: 0.004, count: 1...1, fulfilledShare: 0.4,
            amount: 500_000...20_000_000, legalBasis: "Tax Collection Administration Law, art. 63"),
        Incidence(kind: "tax.a-grade-taxpayer", share: 0.15, count: 1...3),
        Incidence(
            kind: "environment.emission-penalty", share: 0.08, count: 1...2, fulfilledShare: 0.8,
            fulfilledAfter: 10...90, amount: 10_000...1_000_000,
            legalBasis: "Environmental Protection Law, art. 59", industries: { $0.pollutes }),
        Incidence(
            kind: "environment.serious-pollution", share: 0.01, count: 1...1, fulfilledShare: 0.4,
            fulfilledAfter: 60...800, amount: 200_000...5_000_000,
            legalBasis: "Environmental Protection Law, art. 63", industries: { $0.pollutes }),
        Incidence(
            kind: "market.food-safety-penalty", share: 0.08, count: 1...2, fulfilledShare: 0.85,
            fulfilledAfter: 10...90, amount: 5_000...500_000,
            legalBasis: "Food Safety Law, art. 124", industries: { $0.handlesFood }),
        Incidence(
            kind: "market.serious-food-safety", share: 0.008, count: 1...1, fulfilledShare: 0.35,
            fulfilledAfter: 60...800, amount: 100_000...3_000_000,
            legalBasis: "Food Safety Law, art. 135", industries: { $0.handlesFood }),
        Incidence(
            kind: "market.abnormal-operation", share: 0.06, count: 1...1, fulfilledShare: 0.6,
            fulfilledAfter: 30...400, legalBasis: "Interim Regulation on Enterprise Information Publicity, art. 17"),
        Incidence(
            kind: "market.false-advertising", share: 0.03, count: 1...2, fulfilledShare: 0.8,
            fulfilledAfter: 10...60, amount: 10_000...300_000, legalBasis: "Advertising Law, art. 55"),
        Incidence(
            kind: "bank.loan-default", share: 0.02, count: 1...2, fulfilledShare: 0.4,
            amount: 100_000...20_000_000, legalBasis: "Regulation on the Administration of Credit Reporting, art. 16"),
        Incidence(kind: "civic.volunteer-service", share: 0.03, count: 1...4),
        Incidence(kind: "civic.award", share: 0.01, count: 1...1),
        Incidence(kind: "civic.charitable-donation", share: 0.05, count: 1...3, amount: 10_000...1_000_000),
    ]
}

import Foundation
import Testing

@testable import CandorCore

/// The bytes of a fixture file of this test target.
func fixture(_ name: String) throws -> Data {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return try Data(contentsOf: url)
}

/// The test policy, `Fixtures/test-city.toml`.
func testPolicy() throws -> Policy {
    try Policy.parse(fixture("test-city.toml"))
}

/// A day from its ISO form, for readable tables.
func day(_ text: String) -> Day {
    Day(iso: text)!
}

let person = try! SubjectID("11010519491231002X")
let company = try! SubjectID("91350100M000100Y43")

/// A record of the test policy, numbered so disputes can refer to it.
func record(
    _ id: Int64, _ kind: String, _ occurred: String, subject: SubjectID = person,
    fulfilled: String? = nil, retracted: String? = nil, amount: Double? = nil, reference: String? = nil,
    note: String? = nil, legalBasis: String? = nil
) -> Record {
    Record(
        id: id, agency: kind.hasPrefix("civic") ? "civic" : "court", reference: reference ?? "R\(id)",
        subject: subject, kind: kind, occurred: day(occurred), amount: amount, legalBasis: legalBasis, note: note,
        fulfilled: fulfilled.map(day), retracted: retracted.map(day))
}

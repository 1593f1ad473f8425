import Testing

@testable import CandorCore

@Suite("Subject identifiers")
struct SubjectIDTests {
    @Test(
        "valid identifiers are classified",
        arguments: [
            ("11010519491231002X", SubjectType.person),
            ("11010519491231002x", SubjectType.person),
            ("440524188001010014", SubjectType.person),
            ("91350100M000100Y43", SubjectType.organization),
            ("91110000802100433B", SubjectType.organization),
        ])
    func valid(text: String, type: SubjectType) throws {
        let id = try SubjectID(text)
        #expect(id.type == type)
        #expect(id.text == text.uppercased())
    }

    @Test("generated identifiers carry their check character")
    func generated() throws {
        let person = ResidentIdentityNumber.make(
            region: 310_101, born: Day(year: 1985, month: 2, day: 28)!, sequence: 7)
        #expect(try SubjectID(person).type == .person)
        #expect(ResidentIdentityNumber.birthDay(of: try SubjectID(person)) == Day(year: 1985, month: 2, day: 28))
        let code = UnifiedSocialCreditCode.make(body: "91310101MA1FL0000")
        #expect(try SubjectID(code).type == .organization)
    }

    @Test("length is named")
    func length() {
        #expect(throws: IdentifierError.wrongLength(text: "1101051949123100", count: 16)) {
            try SubjectID("1101051949123100")
        }
    }

    @Test("a bad character is named with its position")
    func character() {
        #expect(
            throws: IdentifierError.invalidCharacter(
                text: "91350100M000100O43", position: 16, character: "O",
                expected: "a digit or one of ABCDEFGHJKLMNPQRTUWXY")
        ) {
            try SubjectID("91350100M000100O43")
        }
        #expect(
            throws: IdentifierError.invalidCharacter(
                text: "11010519491231002Z", position: 18, character: "Z",
                expected: "a digit or X")
        ) {
            try SubjectID("11010519491231002Z")
        }
    }

    @Test("an impossible birth date is named")
    func birthDate() {
        // 1949-02-30 does not exist; the check character is right for these digits.
        let body = "11010519490230002"
        let text = body + String(ResidentIdentityNumber.checkCharacter(for: body.utf8))
        #expect(throws: IdentifierError.birthDate(text: text, digits: "19490230")) { try SubjectID(text) }
    }

    @Test("a wrong check character is named with the expected one")
    func checksum() {
        #expect(throws: IdentifierError.checksum(text: "110105194912310021", expected: "X", found: "1")) {
            try SubjectID("110105194912310021")
        }
        #expect(throws: IdentifierError.checksum(text: "91350100M000100Y44", expected: "3", found: "4")) {
            try SubjectID("91350100M000100Y44")
        }
    }
}

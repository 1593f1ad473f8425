import CandorCore

/// libFuzzer entry point for the identifier parsers (GB 11643 and GB 32100).
///
/// Any text either fails with an `IdentifierError` or yields an identifier that is canonical: parsing its
/// own text again gives the same identifier, its check character is the one the standard computes, and a
/// person's birth date can be read back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIdentifiers(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let id = try? SubjectID(text) else { return 0 }
    let bytes = Array(id.text.utf8)
    precondition(bytes.count == 18, "an accepted identifier has 18 characters: \(id.text)")
    precondition((try? SubjectID(id.text)) == id, "an accepted identifier parses to itself: \(id.text)")
    switch id.type {
    case .person:
        precondition(
            ResidentIdentityNumber.checkCharacter(for: bytes[0..<17]) == Character(UnicodeScalar(bytes[17])),
            "the check character of \(id.text) is the computed one")
        precondition(ResidentIdentityNumber.birthDay(of: id) != nil, "\(id.text) has a readable birth date")
    case .organization:
        precondition(
            UnifiedSocialCreditCode.checkCharacter(for: bytes[0..<17]) == Character(UnicodeScalar(bytes[17])),
            "the check character of \(id.text) is the computed one")
    }
    return 0
}

import CandorCore
import Foundation

/// libFuzzer entry point for the policy parser (TOML, then every rule of the specification).
///
/// Any bytes give either a policy or a list of problems, never both and never neither; a policy that
/// passes is linted again to the same verdict, and its fingerprint is the SHA-256 of the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(UnsafeRawBufferPointer(start: start, count: count))
    let report = Policy.lint(data)
    precondition((report.policy == nil) != report.problems.isEmpty, "a policy comes with no problems, or none")
    if let policy = report.policy {
        let again = Policy.lint(data)
        precondition(again.policy?.sha256 == policy.sha256, "linting the same bytes twice agrees")
        precondition(policy.sha256.count == 64, "the fingerprint is a SHA-256 in hex")
    }
    return 0
}

import ArgumentParser
import CandorCore
import CandorRegistry
import Foundation

/// `candor audit ...`: checks of the registry's own records of access.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read and check the tamper-evident access log.", subcommands: [AuditLog.self, AuditVerify.self])
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the access log's hash chain and name the first broken entry, if any.",
        discussion: "Exits with status 1 when an entry was altered, removed or reordered.")

    @Flag(help: "Print the result as JSON.")
    var json = false

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let store = try await registry.openExistingRegistry()
        var chain = AccessChainVerifier()
        var tree = MerkleTree()
        var after: Int64 = 0
        var broken: (entry: AccessEntry, reason: String)?
        scan: while true {
            let page = try await store.accessLog(subject: nil, after: after, limit: 10_000)
            guard let last = page.last else { break }
            for entry in page {
                if let reason = chain.check(entry) {
                    broken = (entry, reason)
                    break scan
                }
                tree.append(entry.leafData)
            }
            after = last.sequence
        }
        if json {
            struct Output: Encodable {
                var intact: Bool
                var verified: Int
                var brokenEntry: Int64?
                var reason: String?
                var treeSize: Int
                var treeHead: String
            }
            try printJSON(
                Output(
                    intact: broken == nil, verified: chain.verified, brokenEntry: broken?.entry.sequence,
                    reason: broken?.reason, treeSize: tree.size, treeHead: tree.root().hex))
        } else if let broken {
            print(
                "The access log is broken at entry \(broken.entry.sequence) (\(broken.entry.at.formatted(.iso8601)), "
                    + "\(broken.entry.actor), subject \(broken.entry.subject?.text ?? "every subject")): \(broken.reason)."
            )
            print("\(grouped(chain.verified)) entries before it verify.")
        } else {
            print("The access log is intact: \(grouped(chain.verified)) entries verify.")
            print("Merkle tree head (RFC 6962) of \(grouped(tree.size)) entries: \(tree.root().hex)")
        }
        if broken != nil { throw ExitCode(1) }
    }
}

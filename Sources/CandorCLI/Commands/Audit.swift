import ArgumentParser
import CandorCore
import CandorRegistry
import Foundation

/// `candor audit ...`: checks of the registry's own records of access.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read and check the tamper-evident access log, and witness a registry's.",
        subcommands: [AuditLog.self, AuditVerify.self, AuditWitness.self])
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the access log's hash chain and Merkle tree and name the first thing wrong, if any.",
        discussion: """
            Checks every entry's link and hash, rebuilds the RFC 6962 tree from the entries and compares it with \
            the tree the registry stored (from which it serves checkpoints and proofs). With --checkpoint, also \
            proves that the log extends a checkpoint saved earlier (GET /v1/access-log/checkpoint, or a \
            witness's state): an entry removed, altered or reordered — the last one included — fails. Exits \
            with status 1 when anything is wrong.
            """)

    @Option(help: ArgumentHelp("A signed checkpoint saved earlier, to prove the log extends.", valueName: "file"))
    var checkpoint: String?

    @Option(
        help: ArgumentHelp(
            "The log's verifier key (GET /v1/access-log/key); default: the log key beside --db.", valueName: "vkey"))
    var logPublicKey: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let saved = try checkpoint.map(readCheckpoint)
        let store = try await registry.openExistingRegistry()
        var chain = AccessChainVerifier()
        var tree = MerkleTree()
        var after: Int64 = 0
        var problem: String?
        var brokenEntry: Int64?
        scan: while true {
            let page = try await store.accessLog(subject: nil, after: after, limit: 10_000)
            guard let last = page.last else { break }
            for entry in page {
                if let reason = chain.check(entry) {
                    problem =
                        "The access log is broken at entry \(entry.sequence) (\(entry.at.formatted(.iso8601)), "
                        + "\(entry.actor), subject \(entry.subject?.text ?? "every subject")): \(reason)."
                    brokenEntry = entry.sequence
                    break scan
                }
                tree.append(leafHash: entry.leafHash)
            }
            after = last.sequence
        }
        if problem == nil { problem = try await store.storedTreeProblem(matching: tree) }
        if problem == nil, let saved { problem = saved.problem(extendedBy: tree) }
        if json {
            struct Output: Encodable {
                var intact: Bool
                var verified: Int
                var brokenEntry: Int64?
                var reason: String?
                var treeSize: Int
                var treeHead: String
                var checkpointSize: Int?
            }
            try printJSON(
                Output(
                    intact: problem == nil, verified: chain.verified, brokenEntry: brokenEntry, reason: problem,
                    treeSize: tree.size, treeHead: tree.root().hex, checkpointSize: saved?.size))
        } else if let problem {
            print(problem)
            if brokenEntry != nil { print("\(grouped(chain.verified)) entries before it verify.") }
        } else {
            print("The access log is intact: \(grouped(chain.verified)) entries verify, and so does its stored tree.")
            if let saved {
                print("It extends the checkpoint of \(grouped(saved.size)) entries in \(checkpoint ?? "").")
            }
            print("Merkle tree head (RFC 6962) of \(grouped(tree.size)) entries: \(tree.root().hex)")
        }
        if problem != nil { throw ExitCode(1) }
    }

    func readCheckpoint(_ path: String) throws -> Checkpoint {
        guard let data = FileManager.default.contents(atPath: path), let note = String(data: data, encoding: .utf8)
        else { throw CommandFailure("cannot read the checkpoint \(path)") }
        let verifier: NoteVerifier
        do {
            verifier = try logPublicKey.map { try NoteVerifier(vkey: $0) } ?? registry.logSigner().verifier
        } catch let error as NoteError {
            throw ValidationError("--log-public-key: \(error)")
        }
        do {
            return try Checkpoint.open(note, verifier: verifier)
        } catch {
            throw CommandFailure("\(path) is not a checkpoint of this registry's log: \(error)")
        }
    }
}

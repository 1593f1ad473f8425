import ArgumentParser
import CandorCore
import CandorRegistry
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `candor audit witness URL --state DIR`: anyone can watch a registry's access log.
struct AuditWitness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Fetch a registry's checkpoint and prove it extends the last one this witness saw.",
        discussion: """
            Fetches URL/v1/access-log/checkpoint, verifies its signature with the log's verifier key, and, when \
            the state folder holds an earlier checkpoint, fetches a consistency proof \
            (URL/v1/access-log/consistency) and verifies that the new log extends the old one. The new \
            checkpoint is then stored in the folder. The first run trusts the key the registry publishes \
            (URL/v1/access-log/key) unless --log-public-key names it, and remembers it; a later run refuses \
            another key. Run it on a schedule: it exits with status 1, saying why, when the registry shows a \
            log that does not extend what it showed before — entries removed, altered or reordered.
            """)

    @Argument(help: ArgumentHelp("The registry's address, such as https://registry.example.gov.", valueName: "url"))
    var url: String

    @Option(help: ArgumentHelp("The folder where this witness keeps what it saw.", valueName: "dir"))
    var state: String

    @Option(help: ArgumentHelp("The log's verifier key, when known from elsewhere.", valueName: "vkey"))
    var logPublicKey: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard URL(string: base)?.scheme.map({ ["http", "https"].contains($0) }) == true else {
            throw ValidationError("the URL must start with http:// or https://, not '\(url)'")
        }
        let folder = URL(fileURLWithPath: state, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let keyFile = folder.appendingPathComponent("log-key")
        let checkpointFile = folder.appendingPathComponent("checkpoint")

        let remembered = try? String(contentsOf: keyFile, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        var vkey = logPublicKey ?? remembered ?? ""
        if vkey.isEmpty { vkey = try await Self.text(base + "/v1/access-log/key") }
        let verifier: NoteVerifier
        do {
            verifier = try NoteVerifier(vkey: vkey.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw CommandFailure("the log's verifier key is not usable: \(error)")
        }
        if let remembered, remembered != verifier.vkey {
            throw CommandFailure(
                "this witness saw the log signed by \(remembered), not by \(verifier.vkey); "
                    + "a registry that changes its log key must say so, and a new witness state must be started")
        }
        let note = try await Self.text(base + "/v1/access-log/checkpoint")
        let new: Checkpoint
        do {
            new = try Checkpoint.open(note, verifier: verifier)
        } catch {
            throw failure("the registry's checkpoint does not verify: \(error)")
        }
        var old: Checkpoint?
        if let saved = try? String(contentsOf: checkpointFile, encoding: .utf8) {
            old = try? Checkpoint.open(saved, verifier: verifier)
            guard old != nil else { throw CommandFailure("\(checkpointFile.path) is not a checkpoint of this log") }
        }
        if let old {
            if new.size < old.size {
                throw failure(
                    "the log shrank from \(grouped(old.size)) to \(grouped(new.size)) entries since this witness last "
                        + "looked: entries were removed")
            }
            if new.size == old.size, new.rootHash != old.rootHash {
                throw failure("the log has as many entries as before but another root: an entry was altered")
            }
            if new.size > old.size {
                let body = try await Self.text(base + "/v1/access-log/consistency?from=\(old.size)&to=\(new.size)")
                guard let proof = try? JSONDecoder().decode(ConsistencyProof.self, from: Data(body.utf8)) else {
                    throw failure("the registry's consistency proof is not readable")
                }
                let hashes = proof.proof.compactMap { Data(hex: $0) }
                guard hashes.count == proof.proof.count,
                    TreeHashes.verifyConsistency(
                        oldSize: old.size, newSize: new.size, oldRoot: old.rootHash, newRoot: new.rootHash,
                        proof: hashes)
                else {
                    throw failure(
                        "the log of \(grouped(new.size)) entries does not extend the one of \(grouped(old.size)) this "
                            + "witness saw: an entry was altered, removed or reordered")
                }
            }
        }
        try Data(verifier.vkey.utf8 + [0x0A]).write(to: keyFile, options: .atomic)
        try Data(note.utf8).write(to: checkpointFile, options: .atomic)
        if json {
            try printJSON(["consistent": "true", "from": "\(old?.size ?? 0)", "to": "\(new.size)"])
        } else if let old {
            print(
                "Consistent: the log grew from \(grouped(old.size)) to \(grouped(new.size)) entries and extends what "
                    + "this witness saw. Root \(new.rootHash.hex).")
        } else {
            print(
                "First look: the log has \(grouped(new.size)) entries, root \(new.rootHash.hex); the checkpoint and "
                    + "the key \(verifier.vkey) are stored in \(state).")
        }
    }

    /// A refusal that leaves the stored checkpoint as it was.
    func failure(_ reason: String) -> CommandFailure { CommandFailure("NOT CONSISTENT: \(reason)") }

    static func text(_ address: String) async throws -> String {
        guard let url = URL(string: address) else { throw CommandFailure("not a URL: \(address)") }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(from: url)
        } catch {
            throw CommandFailure("cannot reach \(address): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse, http.statusCode == 200,
            let text = String(data: data, encoding: .utf8)
        else {
            throw CommandFailure(
                "\(address) answered \((response as? HTTPURLResponse)?.statusCode ?? 0): "
                    + String(decoding: data.prefix(300), as: UTF8.self))
        }
        return text
    }
}

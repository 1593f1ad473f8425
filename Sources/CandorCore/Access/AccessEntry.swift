import Crypto
import Foundation

/// One access to a subject's data — a check, a read, a submission, a dispute — as the subject sees it
/// in their access log.
///
/// Entries form a hash chain: each entry's `hash` is the SHA-256 of the previous entry's hash and this
/// entry's fields, so altering, removing or reordering any entry breaks every hash after it.
public struct AccessEntry: Sendable, Equatable, Codable {
    /// The position in the log, from 1.
    public var sequence: Int64
    public var at: Date
    /// The subject whose data was accessed; `nil` for an access to every subject at once (an export, a
    /// simulation), which every subject's log shows.
    public var subject: SubjectID?
    /// Who accessed: the role and the key's label, such as "provider:Demo Rail ticket office".
    public var actor: String
    /// The purpose stated for the access.
    public var purpose: String
    /// What was done: "check rail.high-speed", "read rating", "submit court/2026-17", "open dispute 3".
    public var action: String
    /// What was answered: "allowed", "denied: judgment-defaulters", "created", "refused: …".
    public var answer: String
    /// The hash of the previous entry, hex; 64 zeros for the first.
    public var previousHash: String
    public var hash: String
    /// What kind of access this was; kept beside the entry, outside its hash.
    public var kind: AccessKind

    /// How the actions of the entries written before kinds were stored begin, when they changed a subject's
    /// records or disputes; a store's migration gives those entries the kind `change`.
    public static let changeActionPatterns = ["submit %", "change %", "open dispute %", "answer dispute %"]

    /// The hash of the first entry's predecessor.
    public static let genesis = String(repeating: "0", count: 64)

    /// Makes the entry that follows `previousHash`, computing its hash.
    public init(
        sequence: Int64, at: Date, subject: SubjectID?, actor: String, purpose: String, action: String,
        answer: String, previousHash: String, kind: AccessKind = .access
    ) {
        self.kind = kind
        self.sequence = sequence
        self.at = at
        self.subject = subject
        self.actor = actor
        self.purpose = purpose
        self.action = action
        self.answer = answer
        self.previousHash = previousHash
        self.hash = ""
        self.hash = computedHash
    }

    /// The entry's fields, length-prefixed so no two different entries serialise alike; times in whole
    /// microseconds, as stored. This is also the entry's leaf in the log's Merkle tree.
    public var leafData: Data {
        let micros = Int64((at.timeIntervalSince1970 * 1_000_000).rounded())
        let fields = [String(sequence), String(micros), subject?.text ?? "", actor, purpose, action, answer]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(7 * 4) { $0 + $1.utf8.count })
        for field in fields {
            bytes.append(contentsOf: String(field.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: field.utf8)
        }
        return Data(bytes)
    }

    /// The entry's leaf hash in the log's Merkle tree.
    public var leafHash: Data { TreeHashes.leafHash(leafData) }

    /// The hash the entry's fields call for, chained to the previous entry's.
    public var computedHash: String {
        var hasher = SHA256()
        hasher.update(data: Data(previousHash.utf8))
        hasher.update(data: leafData)
        return hasher.finalize().hex
    }

    /// Checks a log in sequence order: the first entry whose link or hash is wrong, or `nil` if none.
    public static func firstBroken(in entries: [AccessEntry]) -> (entry: AccessEntry, reason: String)? {
        var chain = AccessChainVerifier()
        for entry in entries {
            if let reason = chain.check(entry) { return (entry, reason) }
        }
        return nil
    }
}

/// Walks an access log in sequence order, page by page, checking each entry's link and hash.
public struct AccessChainVerifier: Sendable {
    private var previous = AccessEntry.genesis
    private var expectedSequence: Int64 = 1
    /// How many entries have been checked and found sound.
    public private(set) var verified = 0

    public init() {}

    /// Why `entry` breaks the chain, or `nil` when it is sound.
    public mutating func check(_ entry: AccessEntry) -> String? {
        if entry.sequence != expectedSequence {
            return "entry \(expectedSequence) is missing: the next entry is \(entry.sequence)"
        }
        if entry.previousHash != previous {
            return "its link to the previous entry does not match that entry's hash"
        }
        if entry.computedHash != entry.hash {
            return "its contents do not match its hash: it was altered after it was written"
        }
        previous = entry.hash
        expectedSequence += 1
        verified += 1
        return nil
    }
}

/// Who is accessing a subject's data and why, for the access log.
public struct Accessor: Sendable, Equatable {
    public var actor: String
    public var purpose: String

    public init(actor: String, purpose: String) {
        self.actor = actor
        self.purpose = purpose
    }
}

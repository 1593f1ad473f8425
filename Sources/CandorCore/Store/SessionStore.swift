import Foundation

/// A signed-in browser's session, kept by the server: the page cookie holds only a random token, whose
/// SHA-256 is the session's id here.
public struct StoredSession: Sendable, Equatable {
    public var idHash: String
    public var keyID: String
    public var created: Date
    public var lastSeen: Date

    public init(idHash: String, keyID: String, created: Date, lastSeen: Date) {
        self.idHash = idHash
        self.keyID = keyID
        self.created = created
        self.lastSeen = lastSeen
    }
}

/// Where the pages' sessions are kept.
public protocol SessionStore: Sendable {
    func addSession(_ session: StoredSession) async throws
    func session(idHash: String) async throws -> StoredSession?
    /// Records that the session was used at `time`.
    func touchSession(idHash: String, at time: Date) async throws
    /// Ends a session; nothing happens when there is none.
    func endSession(idHash: String) async throws
}

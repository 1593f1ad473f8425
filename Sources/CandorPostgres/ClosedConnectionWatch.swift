import CandorCore
import Foundation
import PostgresNIO
import Synchronization

/// Gives up on work whose connection the server closed under it.
///
/// PostgresNIO never answers a query written to a connection that has just closed: the write is dropped
/// and the query's promise is left pending for ever. When a primary dies, a transaction between two of its
/// statements meets exactly that, and the request waiting on it would wait for ever (and so would a
/// graceful shutdown). The watch runs such work as a task of its own; once the work's connection has been
/// closed for `grace` while the work still waits, the caller gets `ConnectionLost` (an outage: the client
/// is told to send the request again) and the abandoned task is left to its fate. The watch ticks only while
/// something runs under it.
final class ClosedConnectionWatch: Sendable {
    /// Thrown to the caller of work abandoned on a closed connection.
    struct ConnectionLost: StoreOutage, CustomStringConvertible {
        var isOutage: Bool { true }
        var description: String { "the connection to PostgreSQL was closed while a transaction was in flight" }
    }

    private struct Running {
        let connection: PostgresConnection
        let abandon: @Sendable () -> Void
        var closedSince: ContinuousClock.Instant?
    }

    private struct State {
        var next: UInt64 = 0
        var running: [UInt64: Running] = [:]
        var ticking = false
    }

    private let state = Mutex(State())
    private let grace: Duration
    private let tick: Duration

    init(grace: Duration = .milliseconds(500), tick: Duration = .milliseconds(100)) {
        self.grace = grace
        self.tick = tick
    }

    /// Runs `work` on `connection`; its result, its error, or `ConnectionLost` once the connection has been
    /// closed for the grace period while `work` still waits.
    func run<T: Sendable>(on connection: PostgresConnection, _ work: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        try await withCheckedThrowingContinuation { continuation in
            let answer = Answer(continuation)
            let id = register(connection) { answer.resume(with: .failure(ConnectionLost())) }
            Task {
                let result: Result<T, any Error>
                do {
                    result = .success(try await work())
                } catch {
                    result = .failure(error)
                }
                self.unregister(id)
                answer.resume(with: result)
            }
        }
    }

    private func register(_ connection: PostgresConnection, abandon: @escaping @Sendable () -> Void) -> UInt64 {
        let (id, start) = state.withLock { state -> (UInt64, Bool) in
            state.next += 1
            state.running[state.next] = Running(connection: connection, abandon: abandon)
            defer { state.ticking = true }
            return (state.next, !state.ticking)
        }
        if start { Task { await self.watch() } }
        return id
    }

    private func unregister(_ id: UInt64) {
        state.withLock { _ = $0.running.removeValue(forKey: id) }
    }

    private func watch() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let (lost, more) = state.withLock { state -> ([@Sendable () -> Void], Bool) in
                var lost: [@Sendable () -> Void] = []
                for (id, running) in state.running where running.connection.isClosed {
                    guard let since = running.closedSince else {
                        state.running[id]?.closedSince = now
                        continue
                    }
                    if now - since >= grace {
                        lost.append(running.abandon)
                        state.running.removeValue(forKey: id)
                    }
                }
                if state.running.isEmpty { state.ticking = false }
                return (lost, state.ticking)
            }
            for abandon in lost { abandon() }
            if !more { return }
        }
    }
}

/// A continuation resumed once, by whichever comes first: the work's own answer or its abandonment.
private final class Answer<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func resume(with result: Result<T, any Error>) {
        continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }?.resume(with: result)
    }
}

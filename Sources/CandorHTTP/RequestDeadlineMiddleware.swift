import Hummingbird
import Synchronization

/// Gives every request a time limit, so a client that sends its body a byte at a time cannot hold a
/// connection and a handler for ever.
///
/// When the limit passes, the handler is cancelled: a body still being received stops there, and a
/// database access not yet committed is rolled back; the client gets 408. A handler that completes anyway
/// (its work could not be interrupted) is answered normally, so a 408 always means nothing was done.
///
/// The handler runs as a child task, so cancelling it leaves the connection's own task alone; one
/// `DeadlineWatch` times every request, instead of a sleeping task and a timer for each.
struct RequestDeadlineMiddleware: RouterMiddleware {
    typealias Context = CandorRequestContext
    let limit: Duration
    let watch = DeadlineWatch()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await withoutActuallyEscaping(next) { next in
            // The child task ends before `withoutActuallyEscaping` returns, so `next` never outlives it.
            let handler = UncheckedSendable(next)
            let watch = watch
            let limit = limit
            return try await withThrowingTaskGroup(of: Response.self) { group in
                group.addTask { try await watch.timing(limit) { try await handler.value(request, context) } }
                do {
                    // The group's one task always gives an answer or an error.
                    return try await group.next()!
                } catch is DeadlineWatch.TimedOut {
                    throw APIError(
                        .requestTimeout, "request-timeout",
                        "the request was not complete within \(limit.components.seconds) s; nothing was changed")
                }
            }
        }
    }
}

/// Cancels the tasks whose time is up. One watch ticks ten times a second while anything runs under it.
final class DeadlineWatch: Sendable {
    /// Thrown instead of the error of a task that failed after its time was up (its cancellation, mostly).
    struct TimedOut: Error {}

    private struct Running: @unchecked Sendable {
        let task: UnsafeCurrentTask
        let deadline: ContinuousClock.Instant
        var timedOut = false
    }

    private struct State {
        var next: UInt64 = 0
        var running: [UInt64: Running] = [:]
        var ticking = false
    }

    private let state = Mutex(State())
    private static let tick = Duration.milliseconds(100)

    /// Runs `body` in the current task, which is cancelled once `limit` has passed. Its answer is returned
    /// even when late; an error after the limit becomes `TimedOut`.
    func timing<T>(_ limit: Duration, _ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + limit
        // The task outlives its entry: `timing` removes the entry before it returns.
        let entry = withUnsafeCurrentTask { task in task.map { Running(task: $0, deadline: deadline) } }
        let (id, startTicking) = state.withLock { state -> (UInt64?, Bool) in
            guard let entry else { return (nil, false) }
            state.next += 1
            state.running[state.next] = entry
            defer { state.ticking = true }
            return (state.next, !state.ticking)
        }
        if startTicking { Task.detached { await self.tickWhileRunning() } }
        do {
            let answer = try await body()
            if let id { _ = state.withLock { $0.running.removeValue(forKey: id) } }
            return answer
        } catch {
            // Once removed, the task is never touched again: it may end as soon as this returns.
            let late = id.flatMap { id in state.withLock { $0.running.removeValue(forKey: id) } }?.timedOut ?? false
            throw late ? TimedOut() : error
        }
    }

    /// Cancels, every tick, the tasks past their deadline; stops when nothing runs.
    private func tickWhileRunning() async {
        while true {
            try? await Task.sleep(for: Self.tick)
            let now = ContinuousClock.now
            let running = state.withLock { state in
                for (id, entry) in state.running where !entry.timedOut && entry.deadline <= now {
                    state.running[id]?.timedOut = true
                    // Under the lock: the task is still running `timing`, which removes it under the lock.
                    entry.task.cancel()
                }
                if state.running.isEmpty { state.ticking = false }
                return state.ticking
            }
            if !running { return }
        }
    }
}

/// A value the compiler cannot prove sendable, passed where the code above guarantees it is safe.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

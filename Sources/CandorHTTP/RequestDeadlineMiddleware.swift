import Hummingbird

/// Gives every request a time limit, so a client that sends its body a byte at a time cannot hold a
/// connection and a handler for ever.
///
/// When the limit passes, the handler is cancelled: a body still being received stops there, and a
/// database access not yet committed is rolled back; the client gets 408. A handler that completes anyway
/// (its work could not be interrupted) is answered normally, so a 408 always means nothing was done.
struct RequestDeadlineMiddleware: RouterMiddleware {
    typealias Context = CandorRequestContext
    let limit: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await withoutActuallyEscaping(next) { next in
            // The group's tasks all end before `withoutActuallyEscaping` returns, so `next` never outlives it.
            let handler = UncheckedSendable(next)
            return try await withThrowingTaskGroup(of: Outcome.self) { group in
                group.addTask { .answered(try await handler.value(request, context)) }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return .timedOut
                }
                var timedOut = false
                while let outcome = try await nextOutcome(of: &group, afterTimeout: timedOut) {
                    switch outcome {
                    case let .answered(response):
                        group.cancelAll()
                        return response
                    case .timedOut:
                        timedOut = true
                        group.cancelAll()
                    }
                }
                throw APIError(
                    .requestTimeout, "request-timeout",
                    "the request was not complete within \(limit.components.seconds) s; nothing was changed")
            }
        }
    }

    private enum Outcome: Sendable {
        case answered(Response)
        case timedOut
    }

    /// The next task to finish; once the time is up, the handler's error (its cancellation) counts as no
    /// answer, and the sleeper's cancellation is ignored.
    private func nextOutcome(of group: inout ThrowingTaskGroup<Outcome, any Error>, afterTimeout timedOut: Bool)
        async throws -> Outcome?
    {
        while true {
            do {
                return try await group.next()
            } catch {
                if timedOut { continue }
                if error is CancellationError { continue }  // the sleeper, cancelled by an answer
                throw error
            }
        }
    }
}

/// A value the compiler cannot prove sendable, passed where the code above guarantees it is safe.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

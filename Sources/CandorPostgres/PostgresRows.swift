import PostgresNIO

/// The rows of one statement, read in full on a connection of the pool under `closedConnections`
/// (`PostgresRegistry.query`): every `decode` and `for try await` written for PostgresNIO's row sequence
/// works on them.
struct PostgresRows: AsyncSequence, Sendable {
    typealias Element = PostgresRow
    let rows: [PostgresRow]

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: IndexingIterator<[PostgresRow]>
        mutating func next() async throws -> PostgresRow? { base.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: rows.makeIterator()) }
}

extension PostgresRegistry {
    /// One statement on a connection of the pool, its rows read before the connection goes back — under
    /// `closedConnections`, so a failover cannot leave it waiting for ever. For statements whose answer is
    /// small (a key, a page, a count); a large result is streamed on a connection of its own.
    func query(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRows {
        try await withConnection { connection in
            var rows: [PostgresRow] = []
            for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
            return PostgresRows(rows: rows)
        }
    }
}

import Foundation
import GRDB
import GRDBSQLite

/// A statement prepared on a connection for one transaction's bulk writes, whose values are bound
/// straight to SQLite by position: no argument array, no per-value dispatch. The hot inserts of a batch
/// (records, their notices, the log's entries) go through it; everything else uses GRDB.
///
/// Valid only inside the transaction that made it; `finalize()` before that transaction ends.
final class BoundStatement {
    private let statement: SQLiteStatement
    private let connection: SQLiteConnection
    private var position: Int32 = 0

    init(_ sql: String, in db: Database) throws {
        guard let connection = db.sqliteConnection else { throw DatabaseError(message: "the connection is closed") }
        var prepared: SQLiteStatement?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.statement = prepared
        self.connection = connection
    }

    func finalize() { sqlite3_finalize(statement) }

    // Each `bind` fills the next parameter, from the first.

    func bind(_ value: Int64) {
        position += 1
        sqlite3_bind_int64(statement, position, value)
    }

    func bind(_ value: Int) { bind(Int64(value)) }

    func bind(_ value: Int64?) {
        guard let value else { return bindNull() }
        bind(value)
    }

    func bind(_ value: Int32?) {
        guard let value else { return bindNull() }
        bind(Int64(value))
    }

    func bind(_ value: Double?) {
        position += 1
        if let value { sqlite3_bind_double(statement, position, value) } else { sqlite3_bind_null(statement, position) }
    }

    func bind(_ value: String?) {
        position += 1
        guard let value else {
            sqlite3_bind_null(statement, position)
            return
        }
        var text = value
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(
                statement, position, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                Int32(bytes.count), Self.transient)
        }
    }

    func bind(_ value: Data?) {
        position += 1
        guard let value else {
            sqlite3_bind_null(statement, position)
            return
        }
        value.withUnsafeBytes { bytes in
            // An empty blob still needs a non-null pointer, or SQLite stores NULL.
            _ = sqlite3_bind_blob(
                statement, position, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count),
                Self.transient)
        }
    }

    func bindNull() {
        position += 1
        sqlite3_bind_null(statement, position)
    }

    /// Runs the statement with the values bound since the last run, then makes it ready for the next.
    /// - Returns: how many rows it changed.
    @discardableResult
    func run() throws -> Int {
        defer {
            sqlite3_reset(statement)
            position = 0
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
                sql: String(cString: sqlite3_sql(statement)))
        }
        return Int(sqlite3_changes(connection))
    }

    /// SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

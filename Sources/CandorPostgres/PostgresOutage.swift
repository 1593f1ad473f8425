import CandorCore
import PostgresNIO
import _ConnectionPoolModule

/// The PostgreSQL errors that mean the database cannot be reached just now: the connection was lost or
/// closed, the server is shutting down or starting, or the server is a standby (a primary demoted by a
/// failover accepts no writes until the proxy moves its connections to the new primary).
extension PSQLError: StoreOutage {
    public var isOutage: Bool {
        switch code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
            return true
        case .server:
            guard let state = serverInfo?[.sqlState] else { return false }
            return Self.outageStates.contains(state) || state.hasPrefix("08")
        default:
            return false
        }
    }

    /// admin_shutdown, crash_shutdown, cannot_connect_now, read_only_sql_transaction; and class 08,
    /// connection exceptions.
    static let outageStates: Set<String> = ["57P01", "57P02", "57P03", "25006"]
}

/// The pool's own refusal: after connecting has failed for a while (no primary to reach), PostgresNIO's pool
/// answers waiting requests with this error instead of a `PSQLError`. Its shutdown and a request cancelled
/// are not outages.
extension ConnectionPoolError: StoreOutage {
    public var isOutage: Bool { self == .connectionCreationCircuitBreakerTripped }
}

import Foundation

/// Foundation's `Process.run()` on Linux has crashed in these tests (a bad pointer in memcpy while it
/// copied the environment of the process being launched). Every test launches through here: launches
/// take turns, and each child gets a copy of the environment taken once, not the live one.
public enum Launch {
    private static let lock = NSLock()
    private static let environment = ProcessInfo.processInfo.environment

    public static func run(_ process: Process) throws {
        try lock.withLock {
            if process.environment == nil { process.environment = environment }
            try process.run()
        }
    }
}

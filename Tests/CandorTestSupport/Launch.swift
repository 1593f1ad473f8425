import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process for the tests, started with `posix_spawn` rather than Foundation's `Process`, whose
/// `run()` on Linux crashed now and then in these tests (a bad pointer in memcpy while it prepared the
/// launch), even with launches taking turns. The child runs in `directory` through `env -C`, with a copy of
/// the environment taken once; its standard input is /dev/null. Pipes are made close-on-exec (with no spawn
/// in between), so a child started by another test at the same moment never holds this one's pipe open.
public final class Child: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?
    private static let environment = ProcessInfo.processInfo.environment
    /// Held while a pipe is made and marked close-on-exec, and while a child is spawned: no child is
    /// spawned between the two steps, so none inherits another's pipe.
    private static let spawning = NSLock()

    /// What a child to be run to its end printed, and how it ended.
    public struct Output: Sendable {
        public var status: Int32
        public var output: Data
        public var errors: Data
    }

    /// Starts `executable` with `arguments`; `output` and `errors` are descriptors for its standard output and
    /// error (`nil`: /dev/null). The caller closes its own copies.
    public init(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil,
        output: Int32? = nil, errors: Int32? = nil
    ) throws {
        var argv = ["/usr/bin/env"]
        if let directory { argv += ["-C", directory] }
        argv += [executable] + arguments
        let env = (environment ?? Self.environment).map { "\($0.key)=\($0.value)" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (target, source) in [(Int32(1), output), (Int32(2), errors)] {
            if let source {
                posix_spawn_file_actions_adddup2(&actions, source, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = env.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var child = pid_t()
        // The child starts with no signal blocked and every signal at its default, whatever the thread that
        // spawns it had: a server must end on SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let result = Self.spawning.withLock {
            posix_spawn(&child, "/usr/bin/env", &actions, &attributes, &cArguments, &cEnvironment)
        }
        guard result == 0 else {
            throw NSError(domain: NSPOSIXErrorDomain, code: Int(result), userInfo: [NSLocalizedDescriptionKey: argv])
        }
        pid = child
    }

    /// Runs `executable` to its end and returns what it printed, reading both pipes while it runs.
    public static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil
    ) throws -> Output {
        let (outputRead, outputWrite) = try pipe()
        let (errorsRead, errorsWrite) = try pipe()
        let child = try Child(
            executable, arguments, directory: directory, environment: environment, output: outputWrite,
            errors: errorsWrite)
        close(outputWrite)
        close(errorsWrite)
        let errorsHandle = FileHandle(fileDescriptor: errorsRead, closeOnDealloc: true)
        let outputHandle = FileHandle(fileDescriptor: outputRead, closeOnDealloc: true)
        let group = DispatchGroup()
        nonisolated(unsafe) var errors = Data()
        group.enter()
        DispatchQueue.global().async {
            errors = errorsHandle.readDataToEndOfFile()
            group.leave()
        }
        let output = outputHandle.readDataToEndOfFile()
        group.wait()
        return Output(status: child.wait(), output: output, errors: errors)
    }

    /// A pipe whose two ends close on exec: (read, write).
    public static func pipe() throws -> (Int32, Int32) {
        try spawning.withLock {
            var ends: [Int32] = [0, 0]
            guard Glibc.pipe(&ends) == 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            return (ends[0], ends[1])
        }
    }

    /// Waits for the child to end: its exit status, or 128 plus the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exitStatus = Self.decode(status)
            return exitStatus!
        }
    }

    /// Whether the child is still running.
    public var isRunning: Bool {
        lock.withLock {
            guard exitStatus == nil else { return false }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return true }
            exitStatus = Self.decode(status)
            return false
        }
    }

    /// Sends `signal` to the child if it still runs.
    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

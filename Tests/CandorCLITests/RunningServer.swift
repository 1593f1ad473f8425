import CandorTestSupport
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `candor serve` started in a runner's folder on a free loopback port, ready once /health answers.
final class RunningServer {
    let process: Child
    let port: Int
    private let errors: FileHandle
    /// What the server logged, read while it runs so a full pipe never blocks it.
    private let log = Log()

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        /// Signalled once the pipe has ended: the server and every child of it are gone.
        let ended = DispatchSemaphore(value: 0)
        func append(_ more: Data) { lock.withLock { data.append(more) } }
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    }

    init(_ candor: CandorRunner, arguments: [String] = []) async throws {
        port = Int.random(in: 20_000...40_000)
        let (read, write) = try Child.pipe()
        process = try Child(
            try CandorRunner.executable().path, ["serve", "--port", String(port)] + arguments,
            directory: candor.folder.path, errors: write)
        close(write)
        errors = FileHandle(fileDescriptor: read, closeOnDealloc: true)
        let (errors, log) = (errors, log)
        Thread.detachNewThread {
            while true {
                let chunk = errors.availableData
                if chunk.isEmpty { break }
                log.append(chunk)
            }
            log.ended.signal()
        }
        for _ in 0..<100 {
            if (try? await fetch("/health"))?.contains("ok") == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw ServerDidNotStart(port: port)
    }

    deinit { process.signal(SIGTERM) }

    /// Sends SIGTERM and waits; returns the exit status and what the server logged.
    @discardableResult
    func stop() -> (status: Int32, log: String) {
        process.signal(SIGTERM)
        let status = process.wait()
        _ = log.ended.wait(timeout: .now() + 5)
        return (status, log.text)
    }

    /// A request to the running server, with URLSession's plain HTTP.
    func fetch(_ path: String, method: String = "GET", token: String? = nil, body: String? = nil) async throws
        -> String
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, _) = try await URLSession.shared.data(for: request)
        return String(decoding: data, as: UTF8.self)
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        var port: Int
        var description: String { "candor serve did not answer /health on port \(port) within 10 s" }
    }
}

/// A plain TCP connection to the server, for sending requests no HTTP client would send: oversized
/// headers, bodies that stop half-way, silence.
struct RawConnection {
    private let socket: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
    }

    /// Everything received until the server closes the connection or `seconds` pass; `closed` says which.
    func receive(within seconds: Double) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
            guard ready > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[..<count]
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    func close() {
        #if canImport(Glibc)
            _ = Glibc.close(socket)
        #else
            _ = Darwin.close(socket)
        #endif
    }
}

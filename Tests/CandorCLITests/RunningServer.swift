import CandorTestSupport
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `candor serve` started in a runner's folder on a free loopback port, ready once /health answers.
final class RunningServer {
    let process = Process()
    let port: Int
    private let errors = Pipe()

    init(_ candor: CandorRunner, arguments: [String] = []) async throws {
        port = Int.random(in: 20_000...40_000)
        process.executableURL = try CandorRunner.executable()
        process.arguments = ["serve", "--port", String(port)] + arguments
        process.currentDirectoryURL = candor.folder
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try Launch.run(process)
        for _ in 0..<100 {
            if (try? await fetch("/health"))?.contains("ok") == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw ServerDidNotStart(port: port)
    }

    deinit { if process.isRunning { process.terminate() } }

    /// Sends SIGTERM and waits; returns the exit status and what the server logged.
    @discardableResult
    func stop() -> (status: Int32, log: String) {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, log)
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

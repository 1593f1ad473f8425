import CandorTestSupport
import Foundation
import Testing

/// Runs the built `candor` executable in a temporary working folder, as a user would.
struct CandorRunner {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The path of a fixture of this test target.
    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")).path
    }

    /// The `candor` executable built beside the test bundle.
    static func executable() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["CANDOR_EXECUTABLE"] { return URL(fileURLWithPath: path) }
        var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        #if os(macOS)
            folder = Bundle.main.bundleURL.deletingLastPathComponent()
        #endif
        for candidate in [
            folder, folder.deletingLastPathComponent(), folder.deletingLastPathComponent().deletingLastPathComponent(),
        ] {
            let url = candidate.appendingPathComponent("candor")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw CandorNotBuilt(folder: folder.path)
    }

    struct CandorNotBuilt: Error, CustomStringConvertible {
        var folder: String
        var description: String { "no candor executable near \(folder); build it with `swift build` first" }
    }

    @discardableResult
    func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = try Self.executable()
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try Launch.run(process)
        // Read both pipes before waiting, so a full pipe never blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }
}

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
        let ran = try Child.run(try Self.executable().path, arguments, directory: folder.path)
        return Result(
            status: ran.status, output: String(decoding: ran.output, as: UTF8.self),
            errors: String(decoding: ran.errors, as: UTF8.self))
    }
}

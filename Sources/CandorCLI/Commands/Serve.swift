import ArgumentParser
import CandorCore
import CandorHTTP
import CandorRegistry
import CandorSQLite
import Foundation
import Hummingbird
import Logging

/// `candor serve`: the registry as an HTTP service.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the registry over HTTP: the API of every role, metrics and health.",
        discussion: """
            Agencies submit records, providers check actions, subjects read and dispute their own file, \
            auditors read any file; every access to a subject's data is logged. Create keys with \
            `candor keys create`. The API is described at /openapi.yaml; metrics are at /metrics. SIGINT or \
            SIGTERM finishes the requests in flight and closes the registry.
            """)

    @OptionGroup var server: ServerOptions
    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let policy = try registry.loadPolicy()
        let store = try await registry.openRegistry()
        try await server.serve(store: store, policy: policy, registry: registry)
    }
}

/// Where and how to listen.
struct ServerOptions: ParsableArguments {
    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning or error.", valueName: "level"))
    var logLevel = "info"

    @Option(
        help: ArgumentHelp(
            "Requests per second each key may make, in bursts of up to twice that; beyond it, 429.", valueName: "n"))
    var ratePerKey: Double = 200

    @Option(
        help: ArgumentHelp(
            "Requests per second without a key (public routes, pages, signing in) from each client address, in "
                + "bursts of up to twice that; beyond it, 429.", valueName: "n"))
    var ratePerAddress: Double = 100

    @Option(
        help: ArgumentHelp(
            "Seconds a request may take, body included; beyond it, 408 and nothing is changed.", valueName: "s"))
    var requestTimeout = 60

    @Option(help: ArgumentHelp("Seconds a connection may stay open with nothing received.", valueName: "s"))
    var idleTimeout = 60

    @Option(
        help: ArgumentHelp(
            "The most connections open at once; further ones wait in the queue until one closes.", valueName: "n"))
    var maxConnections = 1024

    @Option(
        help: ArgumentHelp(
            "Seconds between checkpoints of the access log while it grows; a request for a checkpoint issues a "
                + "new one at most this often.", valueName: "s"))
    var checkpointInterval = 60

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning or error")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard ratePerKey > 0, ratePerAddress > 0 else {
            throw ValidationError("--rate-per-key and --rate-per-address must be positive")
        }
        guard maxConnections > 0, checkpointInterval > 0 else {
            throw ValidationError("--max-connections and --checkpoint-interval must be positive")
        }
        guard requestTimeout > 0, idleTimeout > 0 else {
            throw ValidationError("--request-timeout and --idle-timeout must be positive numbers of seconds")
        }
    }

    /// Runs the service until SIGINT or SIGTERM, then closes the store.
    func serve(store: any ServiceStore, policy: Policy, registry: RegistryOptions) async throws {
        var logger = Logger(label: "candor", factory: { label in StreamLogHandler.standardError(label: label) })
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let signer = try registry.signingKeyFile.loadOrCreate()
        var limits = RegistryLimits(
            maxBodyBytes: RegistryLimits.default.maxBodyBytes, maxBatch: RegistryLimits.default.maxBatch,
            perKey: .init(perSecond: ratePerKey, burst: ratePerKey * 2),
            perAddress: .init(perSecond: ratePerAddress, burst: ratePerAddress * 2),
            requestTime: .seconds(requestTimeout),
            idleTime: .seconds(idleTimeout))
        limits.maxConnections = maxConnections
        limits.checkpointInterval = .seconds(checkpointInterval)
        let service = Registry(
            store: store, policy: policy, signer: signer, logSigner: try registry.logSigner(), limits: limits,
            today: { today() }, logger: logger)
        let app = buildApplication(
            service, configuration: .init(address: .hostname(host, port: port), serverName: "candor"), logger: logger)
        logger.info(
            "serving the registry",
            metadata: [
                "registry": "\(registry.postgres == nil ? registry.db : "PostgreSQL")",
                "policy": "\(policy.id) \(policy.version)", "url": "\(baseURL)",
            ])
        try await app.runService()
        try await store.shutdown()
        logger.info("stopped; the registry is closed")
    }

    var baseURL: String { "http://\(host):\(port)" }
}

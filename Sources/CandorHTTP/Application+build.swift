import CandorCore
import CandorRegistry
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// The router of the registry service: public routes, then the routes of each role, behind
/// authentication and metrics.
public func buildRouter(_ service: Registry) -> Router<CandorRequestContext> {
    let router = Router(context: CandorRequestContext.self, options: .autoGenerateHeadEndpoints)
    let pages = WebPages(service: service)
    let table = RouteTable()
    router.add(middleware: MetricsMiddleware(metrics: service.metrics))
    router.add(middleware: SecurityHeadersMiddleware(stylesheet: pages.stylesheet))
    router.add(middleware: MethodsMiddleware(table: table))
    router.add(middleware: RequestDeadlineMiddleware(limit: service.limits.requestTime))
    router.add(middleware: RegistryErrorMiddleware())
    router.add(
        middleware: AuthenticationMiddleware(
            keys: service.keyCache, limiter: service.rateLimiter, addressLimiter: service.addressLimiter))
    PublicController(service: service).addRoutes(to: router)
    AgencyController(service: service).addRoutes(to: router)
    ProviderController(service: service).addRoutes(to: router)
    SubjectController(service: service).addRoutes(to: router)
    AuditorController(service: service).addRoutes(to: router)
    ReviewerController(service: service).addRoutes(to: router)
    PathBackController(service: service).addRoutes(to: router)
    NoticeController(service: service).addRoutes(to: router)
    ProviderNoticeController(service: service).addRoutes(to: router)
    pages.addRoutes(to: router)
    table.fill(from: router)
    return router
}

/// The registry service as a Hummingbird application, ready to run or to test.
public func buildApplication(_ service: Registry, configuration: ApplicationConfiguration, logger: Logger)
    -> some ApplicationProtocol
{
    var configuration = configuration
    configuration.availableConnectionsDelegate = MaximumAvailableConnections(service.limits.maxConnections)
    return Application(
        router: buildRouter(service), server: .http1(configuration: service.limits.http1), configuration: configuration,
        services: [
            service.standings, CheckpointSchedule(registry: service), DeadlineNotices(registry: service),
            WebhookDelivery(registry: service),
        ],
        logger: logger)
}

extension RegistryLimits {
    /// The connection-level limits: idle connections are closed, oversized headers refused.
    var http1: HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            idleTimeout: TimeAmount.nanoseconds(
                idleTime.components.seconds * 1_000_000_000 + idleTime.components.attoseconds / 1_000_000_000),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: maxHeaderBytes, maxHeaderListSize: maxHeaderBytes,
                maxHeaderFieldCount: maxHeaderFields))
    }
}

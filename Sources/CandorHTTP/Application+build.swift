import CandorCore
import Hummingbird
import Logging

/// The router of the registry service: public routes, then the routes of each role, behind
/// authentication and metrics.
public func buildRouter(_ service: RegistryService) -> Router<CandorRequestContext> {
    let router = Router(context: CandorRequestContext.self)
    router.add(middleware: MetricsMiddleware(metrics: service.metrics))
    router.add(middleware: AuthenticationMiddleware(store: service.store, limiter: service.rateLimiter))
    PublicController(service: service).addRoutes(to: router)
    AgencyController(service: service).addRoutes(to: router)
    ProviderController(service: service).addRoutes(to: router)
    SubjectController(service: service).addRoutes(to: router)
    AuditorController(service: service).addRoutes(to: router)
    WebPages(service: service).addRoutes(to: router)
    return router
}

/// The registry service as a Hummingbird application, ready to run or to test.
public func buildApplication(_ service: RegistryService, configuration: ApplicationConfiguration, logger: Logger)
    -> some ApplicationProtocol
{
    Application(router: buildRouter(service), configuration: configuration, logger: logger)
}

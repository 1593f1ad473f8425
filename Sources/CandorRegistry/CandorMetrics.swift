import Foundation
import Prometheus
import Synchronization

/// The service's Prometheus metrics: requests and latency by route, checks by decision, records ingested.
///
/// The registry is passed in, never global, so each application — and each test — has its own.
public struct CandorMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5),
    ]

    /// The metrics of each request's route, method and status, and of each check's decision and action,
    /// once made: every request counts itself.
    private let requests = Made<(Counter, DurationHistogram)>()
    private let checks = Made<Counter>()

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    public func request(route: String, method: String, status: Int, duration: Duration) {
        let (counter, histogram) = requests.metric(for: [route, method, String(status)]) {
            (
                registry.makeCounter(
                    descriptor: .init(
                        metricName: "candor_http_requests_total", helpText: "HTTP requests by route and status"),
                    labels: [("route", route), ("method", method), ("status", String(status))]),
                registry.makeDurationHistogram(
                    descriptor: .init(
                        metricName: "candor_http_request_duration_seconds", helpText: "HTTP request latency"),
                    labels: [("route", route), ("method", method)], buckets: Self.buckets)
            )
        }
        counter.increment()
        histogram.record(duration)
    }

    public func check(allowed: Bool, action: String) {
        let decision = allowed ? "allowed" : "denied"
        checks.metric(for: [decision, action]) {
            registry.makeCounter(
                descriptor: .init(metricName: "candor_checks_total", helpText: "Checks answered, by decision"),
                labels: [("decision", decision), ("action", action)])
        }.increment()
    }

    public func ingested(_ count: Int, outcome: String) {
        guard count > 0 else { return }
        registry.makeCounter(
            descriptor: .init(metricName: "candor_records_submitted_total", helpText: "Records submitted, by outcome"),
            labels: [("outcome", outcome)]
        ).increment(by: Int64(count))
    }

    /// A webhook delivery attempted: delivered, or refused or failed.
    public func webhook(delivered: Bool) {
        registry.makeCounter(
            descriptor: .init(
                metricName: "candor_webhook_deliveries_total", helpText: "Webhook deliveries attempted, by result"),
            labels: [("result", delivered ? "delivered" : "failed")]
        ).increment()
    }

    /// How many notices wait in the outbox.
    public func outbox(depth: Int) {
        registry.makeGauge(
            descriptor: .init(metricName: "candor_webhook_outbox_depth", helpText: "Notices waiting to be delivered")
        ).set(Double(depth))
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}

/// Metrics already made, by their labels' values.
private final class Made<Metric: Sendable>: Sendable {
    private let made = Mutex<[[String]: Metric]>([:])

    func metric(for labels: [String], make: () -> Metric) -> Metric {
        if let found = made.withLock({ $0[labels] }) { return found }
        let metric = make()
        made.withLock { $0[labels] = metric }
        return metric
    }
}

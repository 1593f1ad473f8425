import Foundation
import Prometheus

/// The service's Prometheus metrics: requests and latency by route, checks by decision, records ingested.
///
/// The registry is passed in, never global, so each application — and each test — has its own.
public struct CandorMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    public func request(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: .init(metricName: "candor_http_requests_total", helpText: "HTTP requests by route and status"),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(metricName: "candor_http_request_duration_seconds", helpText: "HTTP request latency"),
            labels: [("route", route), ("method", method)], buckets: Self.buckets
        ).record(duration)
    }

    public func check(allowed: Bool, action: String) {
        registry.makeCounter(
            descriptor: .init(metricName: "candor_checks_total", helpText: "Checks answered, by decision"),
            labels: [("decision", allowed ? "allowed" : "denied"), ("action", action)]
        ).increment()
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

import CandorCore

/// The figures of a rated city: the tier distribution with bars, and the size of each list.
struct DemoReport {
    let summary: RatingSummary
    let policy: Policy

    var text: String {
        var lines = ["Tiers:"]
        let total = max(summary.subjects, 1)
        for tier in policy.tiers {
            let count = summary.tiers[tier.id] ?? 0
            let share = Double(count) / Double(total)
            let bar = String(repeating: "█", count: Int((share * 40).rounded()))
            lines.append("  \(padded(tier.title, 10)) from \(leftPadded(String(tier.min), 5))  "
                + "\(leftPadded(grouped(count), 10))  \(leftPadded(percent(share), 6))  \(bar)")
        }
        lines.append("")
        lines.append("Lists:")
        for list in policy.lists {
            let count = summary.lists[list.id] ?? 0
            lines.append("  \(padded(list.title, 70)) \(leftPadded(grouped(count), 9))  "
                + "(\(percent(Double(count) / Double(total))) of all subjects)")
        }
        lines.append("  People rated: \(grouped(summary.people)); businesses rated: \(grouped(summary.organizations)).")
        return lines.joined(separator: "\n")
    }

    private func percent(_ share: Double) -> String {
        share < 0.01 && share > 0 ? String(format: "%.2f%%", share * 100) : String(format: "%.1f%%", share * 100)
    }
}

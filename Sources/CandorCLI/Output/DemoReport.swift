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
            lines.append(
                "  \(padded(tier.title, 10)) from \(leftPadded(String(tier.min), 5))  "
                    + "\(leftPadded(grouped(count), 10))  \(leftPadded(percent(share), 6))  \(bar)")
        }
        lines.append("")
        lines.append("Lists:")
        for list in policy.lists {
            let count = summary.lists[list.id] ?? 0
            let people = summary.listedPeople[list.id] ?? 0
            lines.append("  \(list.title)")
            lines.append(
                "    \(grouped(count)) subjects: \(grouped(people)) people "
                    + "(\(percent(Double(people) / Double(max(summary.adults, 1)))) of adults) and "
                    + "\(grouped(count - people)) businesses "
                    + "(\(percent(Double(count - people) / Double(max(summary.organizations, 1)))))"
            )
        }
        lines.append(
            "Rated: \(grouped(summary.people)) people (\(grouped(summary.adults)) adults) and "
                + "\(grouped(summary.organizations)) businesses.")
        return lines.joined(separator: "\n")
    }

    private func percent(_ share: Double) -> String {
        share < 0.01 && share > 0 ? String(format: "%.2f%%", share * 100) : String(format: "%.1f%%", share * 100)
    }
}

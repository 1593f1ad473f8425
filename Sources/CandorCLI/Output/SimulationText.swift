import CandorCore

/// A policy simulation in words and tables.
struct SimulationText {
    let simulation: PolicySimulation
    let asOf: Day
    let chart: String

    var text: String {
        let current = simulation.current, proposed = simulation.proposed
        var lines = [
            "Proposed policy \(proposed.id) \(proposed.version) (sha256 \(proposed.sha256.prefix(12))…) against "
                + "\(current.id) \(current.version) in force, on \(grouped(simulation.subjects)) subjects as of \(asOf).",
            "",
            "Tier transitions (rows: in force, columns: proposed):",
        ]
        let columns = proposed.tiers
        lines.append("  " + padded("", 12) + columns.map { leftPadded($0.title, 12) }.joined())
        for row in current.tiers {
            let counts = columns.map { leftPadded(grouped(simulation.transitions[row.id]?[$0.id] ?? 0), 12) }
            lines.append("  " + padded(row.title, 12) + counts.joined())
        }
        lines.append("")
        lines.append("Lists:")
        let listIDs = Set(current.lists.map(\.id) + proposed.lists.map(\.id)).sorted()
        for id in listIDs {
            let sizes = simulation.listSizes[id] ?? (0, 0)
            let change = sizes.after - sizes.before
            lines.append(
                "  \(padded(id, 28)) \(leftPadded(grouped(sizes.before), 9)) → \(leftPadded(grouped(sizes.after), 9))"
                    + "  (\(change >= 0 ? "+" : "")\(grouped(change)))")
        }
        lines.append("")
        lines.append("Checks that would flip:")
        if simulation.flips.isEmpty { lines.append("  none") }
        for action in simulation.comparableActions {
            guard let flips = simulation.flips[action] else { continue }
            lines.append(
                "  \(padded(action, 28)) \(grouped(flips.toAllowed)) to allowed, \(grouped(flips.toDenied)) to denied")
        }
        lines.append("")
        if simulation.moved.isEmpty {
            lines.append("No subject would move: every score, tier and list stays the same.")
        } else {
            lines.append(
                "\(grouped(simulation.moved.count)) subjects would move (score, tier or lists); the first ones:")
            for subject in simulation.moved.prefix(20) { lines.append("  \(subject)") }
            if simulation.moved.count > 20 { lines.append("  … `--json` lists all of them") }
        }
        lines.append("")
        lines.append("Score distributions of both: \(chart)")
        return lines.joined(separator: "\n")
    }
}

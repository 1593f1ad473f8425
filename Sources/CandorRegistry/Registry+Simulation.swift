import CandorCore
import Foundation

extension Registry {
    /// Rates every subject on `asOf` (default today) under the policy in force and under `proposed`, for an
    /// auditor or the operator; `progress` hears after each page. The simulation is one entry in every
    /// subject's log.
    public func simulate(
        _ proposed: Policy, asOf: Day? = nil, by caller: Caller, progress: (PolicySimulation) -> Void = { _ in }
    ) async throws -> PolicySimulation {
        if case .key = caller { _ = try caller.grant(.auditor) }
        try await logRegistryWide("simulate policy \(proposed.id) \(proposed.version)", by: caller, purpose: "audit")
        var simulation = PolicySimulation(current: policy, proposed: proposed)
        let day = asOf ?? today()
        try await store.forEachPage { files in
            for file in files { simulation.add(file, asOf: day) }
            progress(simulation)
        }
        return simulation
    }
}

extension Registry {
    /// Every subject's rating on `asOf` (default today), from the record columns, for an export by the
    /// operator; the export is one entry in every subject's log.
    public func exportRatings(asOf: Day? = nil, by caller: Caller) async throws
        -> (columns: RecordColumns, rated: RatedColumns)
    {
        guard case .operator = caller else { throw RegistryError.forbidden("an export is for the operator") }
        try await logRegistryWide("export ratings", by: caller, purpose: "export")
        let columns = try await store.recordColumns()
        return (columns, columns.rate(with: engine, asOf: asOf ?? today()))
    }
}

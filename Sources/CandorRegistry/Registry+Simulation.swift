import CandorCore
import Foundation

extension Registry {
    /// Rates every subject under the policy in force and under `proposed`, for an auditor or the operator.
    public func simulate(_ proposed: Policy, by caller: Caller) async throws -> PolicySimulation {
        if case .key = caller { _ = try caller.grant(.auditor) }
        var simulation = PolicySimulation(current: policy, proposed: proposed)
        let day = today()
        try await store.forEachPage { files in
            for file in files { simulation.add(file, asOf: day) }
        }
        return simulation
    }
}

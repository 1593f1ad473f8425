import Foundation

extension Policy {
    /// The bytes of the policy shipped with Candor: a realistic demo city. Read once.
    public static let shippedData: Data = {
        guard let url = Bundle.module.url(forResource: "demo-city", withExtension: "toml"),
            let data = try? Data(contentsOf: url)
        else {
            preconditionFailure("the shipped policy demo-city.toml is missing from the CandorCore bundle")
        }
        return data
    }()

    /// The policy shipped with Candor, used when no `--policy` is given. Parsed once.
    public static let shipped: Policy = {
        do {
            return try parse(shippedData)
        } catch {
            preconditionFailure("the shipped policy is invalid: \(error)")
        }
    }()
}

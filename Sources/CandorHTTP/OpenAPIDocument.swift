import CandorCore
import Foundation

/// The OpenAPI 3.1 description of the API, shipped as a resource and served at `/openapi.yaml`.
///
/// The ids a request may name from the policy — its actions, privileges and lists — are the policy's, so
/// the document served lists the ids of the policy the registry runs: a line of the resource marked
/// `# policy: NAME` has its `enum: [...]` filled in (`checkable`, `actions` or `lists`). A client generated
/// from the served document knows them, and a request naming another is one the document forbids.
enum OpenAPIDocument {
    static let resource: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("openapi.yaml is missing from the CandorHTTP bundle")
        }
        return text
    }()

    /// The document for a registry running `policy`.
    static func text(for policy: Policy) -> String {
        let ids: [String: [String]] = [
            "checkable": policy.actions.map(\.id) + policy.privileges.map(\.id),
            "actions": policy.actions.map(\.id),
            "lists": policy.lists.map(\.id),
        ]
        let encoder = JSONEncoder()
        return resource.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let marker = line.range(of: "# policy: "),
                let names = ids[line[marker.upperBound...].trimmingCharacters(in: .whitespaces)],
                let start = line.range(of: "enum: ["), let end = line[start.upperBound...].firstIndex(of: "]")
            else { return String(line) }
            // Each id as a JSON string, which YAML reads as a double-quoted scalar whatever the id holds.
            let list = names.map { name in
                (try? encoder.encode(name)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
            }.joined(separator: ", ")
            return String(line[..<start.upperBound]) + list + String(line[end...])
        }.joined(separator: "\n")
    }
}

import Foundation

/// The OpenAPI 3.1 description of the API, shipped as a resource and served at `/openapi.yaml`.
enum OpenAPIDocument {
    static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("openapi.yaml is missing from the CandorHTTP bundle")
        }
        return text
    }()
}

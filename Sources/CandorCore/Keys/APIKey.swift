import Crypto
import Foundation

/// The four roles a key can have, each with what it binds to.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Submits records and changes for one agency, answers its disputes.
    case agency
    /// Checks the actions its key allows, for its stated purpose, and learns nothing else.
    case provider
    /// Reads and disputes one subject's own file.
    case subject
    /// Reads any file; every read is logged like any other.
    case auditor
    /// Decides appeals of upheld disputes (SPEC §6, "Appeals"): a person apart from the agencies.
    case reviewer
}

extension Role {
    /// A key of this role in words, with its article: "an agency key", "a provider key".
    public var key: Words {
        switch self {
        case .agency: "an agency key"
        case .provider: "a provider key"
        case .subject: "a subject key"
        case .auditor: "an auditor key"
        case .reviewer: "a reviewer key"
        }
    }
}

/// What a key may do: its role and binding. The secret itself is never stored.
public struct KeyGrant: Sendable, Equatable, Codable {
    /// The public part of the key, shown in lists and logs.
    public var id: String
    public var role: Role
    /// A label for people: "Demo Rail ticket office".
    public var label: String
    /// For an agency key: the agency.
    public var agency: String?
    /// For a provider key: the actions and privileges it may check.
    public var actions: [String]
    /// For a provider key: the purposes it may state for a check, a closed list set when the key is made.
    public var purposes: [String]
    /// For a subject key: the subject.
    public var subject: SubjectID?
    public var created: Date
    public var revoked: Date?
    /// When the key stops working, if it was made to expire.
    public var expires: Date?

    public init(
        id: String, role: Role, label: String, agency: String? = nil, actions: [String] = [],
        purposes: [String] = [], subject: SubjectID? = nil, created: Date, revoked: Date? = nil, expires: Date? = nil
    ) {
        self.expires = expires
        self.id = id
        self.role = role
        self.label = label
        self.agency = agency
        self.actions = actions
        self.purposes = purposes
        self.subject = subject
        self.created = created
        self.revoked = revoked
    }

    /// How the key's holder appears in the access log: the role and the label, except for a subject key,
    /// which appears as "subject" and the key's id, so that no log entry carries a person's identity.
    public var actor: String { role == .subject ? "subject:\(id)" : "\(role.rawValue):\(label)" }

    /// The longest label and the longest purpose, in characters.
    public static let maxLabel = 200
    public static let maxPurpose = 200

    /// What is missing for the role or does not belong to it, or `nil` when the binding is complete.
    public func bindingProblem(policy: Policy) -> String? {
        if let problem = SubmissionRules.textProblem(label, limit: Self.maxLabel) { return "the label \(problem)" }
        let given: [(option: String, present: Bool, roles: Set<Role>)] = [
            ("--agency", agency != nil, [.agency]), ("--actions", !actions.isEmpty, [.provider]),
            ("--purpose", !purposes.isEmpty, [.provider]), ("--subject", subject != nil, [.subject]),
        ]
        for (option, present, roles) in given where present && !roles.contains(role) {
            return "\(option) does not belong to \(role.key); it is for "
                + roles.map { "\($0.rawValue) keys" }.joined(separator: " and ")
        }
        switch role {
        case .agency:
            guard let agency else { return "an agency key needs --agency ID" }
            guard policy.agency(agency) != nil else { return "'\(agency)' is not an agency of policy \(policy.id)" }
        case .provider:
            guard !actions.isEmpty else { return "a provider key needs --actions naming what it may check" }
            let known = Set(policy.actions.map(\.id) + policy.privileges.map(\.id))
            if let unknown = actions.first(where: { !known.contains($0) }) {
                return "'\(unknown)' is not an action or privilege of policy \(policy.id)"
            }
            guard !purposes.isEmpty else { return "a provider key needs --purpose stating why it checks" }
            for purpose in purposes {
                if let problem = SubmissionRules.textProblem(purpose, limit: Self.maxPurpose) {
                    return "the purpose '\(purpose.prefix(40))' \(problem)"
                }
            }
        case .subject:
            guard subject != nil else { return "a subject key needs --subject ID" }
        case .auditor, .reviewer:
            break
        }
        return nil
    }
}

extension KeyGrant {
    /// The purposes as one stored text, a line each (a purpose holds no line break), or `nil` for none.
    public static func stored(purposes: [String]) -> String? {
        purposes.isEmpty ? nil : purposes.joined(separator: "\n")
    }

    /// The purposes kept by `stored(purposes:)`.
    public static func purposes(stored: String?) -> [String] {
        stored.map { $0.split(separator: "\n").map(String.init) } ?? []
    }
}

/// A newly made key: the token to hand over once, and what to store.
public struct IssuedKey: Sendable {
    /// `<id>.<secret>`: shown once, never stored.
    public var token: String
    public var grant: KeyGrant
    /// The SHA-256 of the secret, hex: the only trace of the secret that is kept.
    public var secretHash: String

    /// Makes a key with 32 random bytes of secret.
    public static func make(_ grant: (String) -> KeyGrant) -> IssuedKey {
        var generator = SystemRandomNumberGenerator()
        let idBytes = (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let id = idBytes.hex
        let encoded = Data(secret).base64URLEncoded
        return IssuedKey(token: "\(id).\(encoded)", grant: grant(id), secretHash: KeyToken.hash(secret))
    }
}

/// Reading and checking presented tokens.
public enum KeyToken {
    /// Splits `<id>.<secret>` into the key id and the secret's bytes.
    public static func parse(_ token: String) -> (id: String, secret: [UInt8])? {
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 12, let secret = Data(base64URLEncoded: String(parts[1])),
            secret.count == 32
        else { return nil }
        return (String(parts[0]), Array(secret))
    }

    /// The stored form of a secret.
    public static func hash(_ secret: [UInt8]) -> String {
        SHA256.hash(data: secret).hex
    }

    /// Compares two hashes in time that does not depend on where they differ.
    public static func matches(_ secret: [UInt8], storedHash: String) -> Bool {
        constantTimeEquals(hash(secret).utf8, storedHash.utf8)
    }
}

extension Data {
    /// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5).
    public var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes URL-safe base64 without padding, in its one canonical spelling only (RFC 7515 §2): text whose
    /// unused last bits are not zero, which would decode to the same bytes as another text, is refused.
    public init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), data.base64URLEncoded == text else { return nil }
        self = data
    }
}

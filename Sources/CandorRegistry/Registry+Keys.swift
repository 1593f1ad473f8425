import CandorCore
import Foundation

/// What a new key should be: its role and the options of that role.
public struct KeyRequest: Sendable {
    public var role: Role
    public var agency: String?
    public var actions: [String]
    public var purposes: [String]
    public var subject: String?
    public var label: String?
    /// When the key stops working; `nil` for a key that works until it is revoked.
    public var expires: Date?

    public init(
        role: Role, agency: String? = nil, actions: [String] = [], purposes: [String] = [], subject: String? = nil,
        label: String? = nil, expires: Date? = nil
    ) {
        self.expires = expires
        self.role = role
        self.agency = agency
        self.actions = actions
        self.purposes = purposes
        self.subject = subject
        self.label = label
    }
}

extension Registry {
    /// Makes, checks and stores a key: refused when an option does not belong to the role or one the role
    /// needs is missing. A key without a label is labelled by its role and agency only — never by the
    /// subject it binds, so no label or log entry carries a person's identifier. A subject key is logged on
    /// its subject: whoever holds it reads their file.
    public static func createKey(
        _ request: KeyRequest, policy: Policy, store: any ServiceStore, at time: Date, by caller: Caller
    ) async throws -> IssuedKey {
        let subject = try request.subject.map { text throws(RegistryError) in try Self.subject(text) }
        let issued = IssuedKey.make { id in
            KeyGrant(
                id: id, role: request.role,
                label: request.label
                    ?? [request.role.rawValue, request.agency].compactMap { $0 }.joined(separator: " "),
                agency: request.agency, actions: request.actions, purposes: request.purposes, subject: subject,
                created: time, expires: request.expires)
        }
        if let expires = request.expires, expires <= time {
            throw RegistryError.invalid(code: "invalid-expiry", field: "expires", message: "must be in the future")
        }
        if let problem = issued.grant.bindingProblem(policy: policy) {
            throw RegistryError.invalid(code: "invalid-key", field: nil, message: Words(problem))
        }
        try await store.addKey(issued.grant, secretHash: issued.secretHash)
        if let subject {
            try await store.log(
                [
                    (
                        subject,
                        AccessNote(
                            caller.accessor("key"), action: "create subject key \(issued.grant.id)", answer: "created")
                    )
                ],
                at: time)
        }
        return issued
    }
}

extension Registry {
    /// Every key, for the operator; a subject key's binding names its subject, so the listing is logged on
    /// each subject bound.
    public static func keys(store: some ServiceStore, at time: Date, by caller: Caller) async throws -> [KeyGrant] {
        let keys = try await store.keys()
        let bound = Set(keys.compactMap(\.subject))
        if !bound.isEmpty {
            try await store.log(
                bound.map { ($0, AccessNote(caller.accessor("key"), action: "list keys", answer: "shown")) }, at: time)
        }
        return keys
    }
}

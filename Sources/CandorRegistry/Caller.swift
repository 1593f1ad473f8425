import CandorCore

/// Who asks the registry to do something: the holder of an API key (through the API or a page), the
/// operator at the command line, named by the user account that runs `candor`, or someone without a key.
public enum Caller: Sendable, Equatable {
    case key(KeyGrant)
    case `operator`(user: String)
    /// Someone without a key, on a public page or route.
    case anonymous

    /// How the caller appears in the access log: "provider:Station 4", "subject:3f2a…", "operator:root".
    public var actor: String {
        switch self {
        case let .key(grant): grant.actor
        case let .operator(user): "operator:\(user)"
        case .anonymous: "public"
        }
    }

    /// The key's grant when it has `role`; refused otherwise (the operator holds no key).
    public func grant(_ role: Role) throws(RegistryError) -> KeyGrant {
        guard case let .key(grant) = self else {
            if self == .anonymous { throw .unauthenticated }
            throw .forbidden("this needs \(role.key)")
        }
        guard grant.role == role else {
            throw .forbidden("this needs \(role.key); the key presented is \(grant.role.key)")
        }
        return grant
    }

    /// The subject of a subject key: the only file it may read.
    func ownSubject() throws(RegistryError) -> SubjectID {
        let grant = try grant(.subject)
        guard let subject = grant.subject else { throw .forbidden("this subject key names no subject") }
        return subject
    }

    /// The accessor of the log entries of this caller's request.
    func accessor(_ purpose: String) -> Accessor { Accessor(actor: actor, purpose: purpose) }
}

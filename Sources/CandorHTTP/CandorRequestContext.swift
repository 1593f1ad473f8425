import CandorCore
import CandorRegistry
import Hummingbird
import NIOCore

/// The context of one request: Hummingbird's core context and the key that made the request, if any.
public struct CandorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The grant of the key presented with the request, once authenticated.
    public var caller: KeyGrant?
    /// The client's address, for the limits on requests without a key.
    public var remoteAddress: SocketAddress?

    public init(source: Source) {
        coreContext = .init(source: source)
        caller = nil
        remoteAddress = source.channel.remoteAddress
    }

    /// Request bodies beyond this are refused with 413 before they are read.
    public var maxUploadSize: Int { RegistryLimits.default.maxBodyBytes }

    /// The caller of a route any key may reach, whose use case checks the role: 401 without a key.
    func keyCaller() throws -> Caller {
        guard let caller else { throw APIError.unauthenticated }
        return .key(caller)
    }

    /// The caller's grant when it has `role`: 401 without a key, 403 with a key of another role.
    func require(_ role: Role) throws -> KeyGrant {
        guard let caller else { throw APIError.unauthenticated }
        do {
            return try Caller.key(caller).grant(role)
        } catch {
            throw APIError(error)
        }
    }
}

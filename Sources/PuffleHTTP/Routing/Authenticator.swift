import Hummingbird
import PuffleCore

/// Checks `Authorization: Bearer pk_live_...` against stored hashes.
///
/// Missing, malformed, unknown and revoked keys all get the same 401, so a caller learns nothing
/// about which keys exist. The key is looked up by its prefix and its SHA-256 compared in constant time.
struct Authenticator: Sendable {
    let keys: any APIKeyStore
    let rateLimiter: RateLimiter

    func authenticate(_ request: Request) async throws -> Caller {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { throw PuffleError.unauthorized }
        let token = String(header.dropFirst("Bearer ".count)).trimmed
        guard APIKeySecret.isWellFormed(token) else { throw PuffleError.unauthorized }
        let key = APIKeySecret(value: token)
        let hash = key.hash
        let records = try await keys.keys(prefix: key.prefix)
        guard let record = records.first(where: { $0.revokedAt == nil && APIKeySecret.constantTimeEquals($0.hash, hash) }) else {
            throw PuffleError.unauthorized
        }
        try rateLimiter.take(key: record.id)
        return Caller(workspaceId: record.workspaceId, keyPrefix: record.prefix)
    }
}

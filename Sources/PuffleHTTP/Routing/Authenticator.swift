import Hummingbird
import PuffleCore

/// Checks `Authorization: Bearer pk_live_...` against stored hashes.
///
/// The scheme matches in any case (`bearer`, `BEARER`): HTTP auth schemes are case-insensitive
/// (RFC 9110 §11.1). The key itself is compared exactly.
///
/// Missing, malformed, unknown and revoked keys all get the same 401, so a caller learns nothing
/// about which keys exist. The key is looked up by its prefix and its SHA-256 compared in constant time.
struct Authenticator: Sendable {
    let keys: any APIKeyStore
    let rateLimiter: RateLimiter

    func authenticate(_ request: Request) async throws -> Caller {
        guard let header = request.headers[.authorization], let token = Self.bearerToken(in: header), APIKeySecret.isWellFormed(token) else {
            throw PuffleError.unauthorized
        }
        let key = APIKeySecret(value: token)
        let hash = key.hash
        let records = try await keys.keys(prefix: key.prefix)
        guard let record = records.first(where: { $0.revokedAt == nil && APIKeySecret.constantTimeEquals($0.hash, hash) }) else {
            throw PuffleError.unauthorized
        }
        try rateLimiter.take(key: record.id)
        return Caller(workspaceId: record.workspaceId, keyPrefix: record.prefix)
    }

    /// The credentials of a `Bearer` header value, the scheme matched case-insensitively; nil for
    /// any other scheme, which then gets the same 401 as a wrong key.
    static func bearerToken(in header: String) -> String? {
        let scheme = "bearer "
        guard header.utf8.count > scheme.utf8.count, header.prefix(scheme.count).lowercased() == scheme else { return nil }
        return String(header.dropFirst(scheme.count)).trimmed
    }
}

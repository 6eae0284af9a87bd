import Crypto
import Foundation

/// An opaque keyset cursor: the last id a page returned, signed for the query it came from.
///
/// The signature (HMAC-SHA256 under the server's ``PageCursorKey``) covers the query's scope and
/// the id, so a cursor from another List, another filter or another workspace is refused, and so
/// is one whose id was changed, or anything that is not a cursor at all.
public struct PageCursor: Equatable, Sendable {
    /// The id after which the next page starts.
    public var afterId: String

    public init(afterId: String) {
        self.afterId = afterId
    }

    /// The opaque text handed to the caller: `v2|id|signature`, base64url.
    /// - Parameter scope: What the cursor is valid for, e.g. `"list/ws_1/abc/"`.
    public func encoded(scope: String, key: PageCursorKey) -> String {
        Base64URL.encode(Data("v2|\(afterId)|\(key.signature(scope: scope, afterId: afterId))".utf8))
    }

    /// Decodes a cursor made by ``encoded(scope:key:)`` for the same scope and key.
    /// - Throws: ``PuffleError/invalidRequest(_:)`` when it is malformed, altered, or was made for another query.
    public init(decoding text: String, scope: String, key: PageCursorKey) throws {
        guard let data = Base64URL.decode(text), let decoded = String(data: data, encoding: .utf8) else {
            throw PuffleError.invalidRequest("cursor: is not a cursor this server issued")
        }
        let parts = decoded.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v2", SortableID.isWellFormed(String(parts[1])) else {
            throw PuffleError.invalidRequest("cursor: is not a cursor this server issued")
        }
        let afterId = String(parts[1])
        guard APIKeySecret.constantTimeEquals(String(parts[2]), key.signature(scope: scope, afterId: afterId)) else {
            throw PuffleError.invalidRequest("cursor: was not issued for this query, or was altered; start again without a cursor")
        }
        self.afterId = afterId
    }
}

/// The key page cursors are signed with: the server's, kept in its database
/// (``WorkspaceStore/serverSecret(named:)``), so cursors stay valid across restarts and processes.
public struct PageCursorKey: Sendable {
    private let key: SymmetricKey

    /// - Parameter secret: The stored secret text; any length.
    public init(secret: String) {
        key = SymmetricKey(data: SHA256.hash(data: Data(secret.utf8)))
    }

    /// 128 bits of HMAC-SHA256 over the scope and the id, base64url.
    fileprivate func signature(scope: String, afterId: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(scope)\n\(afterId)".utf8), using: key)
        return Base64URL.encode(Data(Array(mac).prefix(16)))
    }
}

/// One page of a keyset listing.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The id of the last item, when more items follow.
    public var nextAfterId: String?

    public init(items: [Item], nextAfterId: String?) {
        self.items = items
        self.nextAfterId = nextAfterId
    }
}

/// Base64url (RFC 4648 §5), what signed cursors and links are written in.
enum Base64URL {
    /// Base64 with `-` and `_` for `+` and `/`, unpadded (RFC 4648 §5). Mapped byte by byte:
    /// Foundation's `replacingOccurrences` went through NSString, a few percent of a page's CPU.
    static func encode(_ data: Data) -> String {
        var bytes = Array(data.base64EncodedString().utf8)
        while bytes.last == UInt8(ascii: "=") { bytes.removeLast() }
        swap(("+", "/"), for: ("-", "_"), in: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of base64url text, padded or not; nil when it is not base64.
    static func decode(_ text: String) -> Data? {
        var bytes = Array(text.utf8)
        swap(("-", "_"), for: ("+", "/"), in: &bytes)
        bytes += Array(repeating: UInt8(ascii: "="), count: (4 - bytes.count % 4) % 4)
        return Data(base64Encoded: Data(bytes))
    }

    /// Replaces the two characters in which base64 and base64url differ, one alphabet's for the other's.
    private static func swap(_ from: (Unicode.Scalar, Unicode.Scalar), for to: (Unicode.Scalar, Unicode.Scalar), in bytes: inout [UInt8]) {
        let (first, second) = (UInt8(ascii: from.0), UInt8(ascii: from.1))
        for index in bytes.indices {
            if bytes[index] == first {
                bytes[index] = UInt8(ascii: to.0)
            } else if bytes[index] == second {
                bytes[index] = UInt8(ascii: to.1)
            }
        }
    }
}

import Foundation

/// An opaque keyset cursor: the last id a page returned, bound to the query it came from.
///
/// A cursor from another List, another filter or another workspace decodes to a different scope
/// and is refused, as is anything that is not a cursor at all.
public struct PageCursor: Equatable, Sendable {
    /// The id after which the next page starts.
    public var afterId: String

    public init(afterId: String) {
        self.afterId = afterId
    }

    /// The opaque text handed to the caller.
    /// - Parameter scope: What the cursor is valid for, e.g. `"ws_1/list/abc"`.
    public func encoded(scope: String) -> String {
        let text = "v1|\(Self.fingerprint(scope))|\(afterId)"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor made by ``encoded(scope:)`` for the same scope.
    /// - Throws: ``PuffleError/invalidRequest(_:)`` when it is malformed or was made for another query.
    public init(decoding text: String, scope: String) throws {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8) else {
            throw PuffleError.invalidRequest("cursor: is not a cursor this server issued")
        }
        let parts = decoded.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", SortableID.isWellFormed(String(parts[2])) else {
            throw PuffleError.invalidRequest("cursor: is not a cursor this server issued")
        }
        guard parts[1] == Self.fingerprint(scope) else {
            throw PuffleError.invalidRequest("cursor: belongs to a different query; start again without a cursor")
        }
        self.afterId = String(parts[2])
    }

    /// A short stable hash of the scope (FNV-1a), so the cursor does not spell out workspace ids.
    private static func fingerprint(_ scope: String) -> String {
        String(StableHash.fnv1a(scope), radix: 36)
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

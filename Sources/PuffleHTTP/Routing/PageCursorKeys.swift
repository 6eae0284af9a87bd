import PuffleCore
import Synchronization

/// The server's ``PageCursorKey``, read from the database on first use and then kept.
///
/// Read lazily, so building the router needs no database round trip; two first requests at once
/// may both read it, and get the same stored secret.
final class PageCursorKeys: Sendable {
    private let workspaces: any WorkspaceStore
    private let cached = Mutex<PageCursorKey?>(nil)

    /// The name of the secret in the database.
    static let secretName = "page_cursor_key"

    init(workspaces: any WorkspaceStore) {
        self.workspaces = workspaces
    }

    func key() async throws -> PageCursorKey {
        if let key = cached.withLock({ $0 }) { return key }
        let key = PageCursorKey(secret: try await workspaces.serverSecret(named: Self.secretName))
        cached.withLock { $0 = key }
        return key
    }

    /// The id after which the page starts: nil without a cursor.
    func afterId(_ cursor: String?, scope: String) async throws -> String? {
        guard let cursor else { return nil }
        return try PageCursor(decoding: cursor, scope: scope, key: try await key()).afterId
    }

    /// The cursor of the next page, when one follows.
    func cursor(after id: String?, scope: String) async throws -> String? {
        guard let id else { return nil }
        return PageCursor(afterId: id).encoded(scope: scope, key: try await key())
    }
}

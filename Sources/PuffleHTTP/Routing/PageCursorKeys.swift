import PuffleCore

/// The server's ``PageCursorKey`` (kept after its first read), and cursors made and read with it.
final class PageCursorKeys: Sendable {
    /// The name of the secret in the database.
    static let secretName = "page_cursor_key"
    private let stored: ServerSecretValue<PageCursorKey>

    init(workspaces: any WorkspaceStore) {
        stored = ServerSecretValue(workspaces: workspaces, name: Self.secretName, make: PageCursorKey.init(secret:))
    }

    func key() async throws -> PageCursorKey {
        try await stored.value()
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

import Foundation
import PuffleCore

/// Where the data lives, parsed from `PUFFLE_DATABASE_URL`:
/// `sqlite:PATH` (or a bare path) for the embedded default, `postgres://user[:pass]@host[:port]/db` for PostgreSQL.
public enum DatabaseURL: Equatable, Sendable {
    case sqlite(path: String)
    case postgres(host: String, port: Int, user: String, password: String?, database: String, searchPath: String?)

    /// Parses the URL. - Throws: ``PuffleError/invalidRequest(_:)`` naming what is wrong.
    public init(parsing text: String) throws {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
                throw PuffleError.invalidRequest("PUFFLE_DATABASE_URL: cannot read host from \(text)")
            }
            let database = String(components.path.drop(while: { $0 == "/" }))
            let searchPath = components.queryItems?.first(where: { $0.name == "search_path" })?.value
            self = .postgres(
                host: host, port: components.port ?? 5432, user: components.user ?? "postgres",
                password: components.password, database: database.isEmpty ? "postgres" : database, searchPath: searchPath
            )
        } else if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count)).replacingOccurrences(of: "//", with: "")
            guard !path.isEmpty else { throw PuffleError.invalidRequest("PUFFLE_DATABASE_URL: sqlite: needs a file path") }
            self = .sqlite(path: path)
        } else if !text.contains("://") {
            self = .sqlite(path: text)
        } else {
            throw PuffleError.invalidRequest("PUFFLE_DATABASE_URL: use sqlite:PATH or postgres://user@host:port/db")
        }
    }

    /// Where it is, for people: an absolute file path, or `postgres://user@host:port/db` without the password.
    public var displayText: String {
        switch self {
        case .sqlite(let path):
            "sqlite:" + URL(fileURLWithPath: path).standardizedFileURL.path
        case .postgres(let host, let port, let user, _, let database, _):
            "postgres://\(user)@\(host):\(port)/\(database)"
        }
    }

    /// True for an SQLite file that does not exist yet: opening it would create an empty database.
    public var isMissingSQLiteFile: Bool {
        guard case .sqlite(let path) = self, path != ":memory:" else { return false }
        return !FileManager.default.fileExists(atPath: path)
    }

    /// The default embedded database file.
    public static let defaultSQLite = DatabaseURL.sqlite(path: "./puffle.db")
}

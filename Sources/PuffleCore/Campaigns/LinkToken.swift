import Crypto
import Foundation

/// The signed tokens in links a campaign email carries: unsubscribe and the open pixel.
///
/// A token is `<id>.<signature>`: the prospect's id (unsubscribe) or `prospect:node` (open), and 128
/// bits of HMAC-SHA256 over the link's purpose and the id, base64url. Anyone holding the link can
/// use it and no key is needed; a forged or altered token is refused.
public struct LinkToken: Sendable {
    public enum Purpose: String, Sendable {
        case unsubscribe
        case open
        /// A Unibox attachment's download link: `id:expires` (seconds since 1970).
        case attachment
    }

    private let key: SymmetricKey

    /// - Parameter secret: The server's link secret (any length; hashed to a key).
    public init(secret: String) {
        key = SymmetricKey(data: SHA256.hash(data: Data(("puffle-links\n" + secret).utf8)))
    }

    public func make(_ purpose: Purpose, id: String) -> String {
        id + "." + signature(purpose, id: id)
    }

    /// The id a token carries, when its signature holds.
    public func verify(_ purpose: Purpose, token: String) -> String? {
        guard let dot = token.lastIndex(of: "."), token.count <= 200 else { return nil }
        let id = String(token[..<dot])
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ":") }), APIKeySecret.constantTimeEquals(String(token[token.index(after: dot)...]), signature(purpose, id: id)) else {
            return nil
        }
        return id
    }

    private func signature(_ purpose: Purpose, id: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(purpose.rawValue)\n\(id)".utf8), using: key)
        return Base64URL.encode(Data(mac.prefix(16)))
    }
}

/// The server's ``LinkToken``, from its stored secret.
public typealias MailLinkKeys = ServerSecretValue<LinkToken>

extension ServerSecretValue where Value == LinkToken {
    public convenience init(workspaces: any WorkspaceStore) {
        self.init(workspaces: workspaces, name: "mail_link_key", make: LinkToken.init(secret:))
    }

    public func token() async throws -> LinkToken { try await value() }
}

/// The links of a campaign email, under the server's public base URL (`PUFFLE_PUBLIC_BASE_URL`).
public struct MailLinks: Sendable {
    public static let unsubscribePath = "/links/unsubscribe"
    public static let openPath = "/links/open"

    public let baseURL: String
    public let token: LinkToken

    public init(baseURL: String, token: LinkToken) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
    }

    /// The one-click unsubscribe URL of a prospect.
    public func unsubscribeURL(prospectId: String) -> String {
        baseURL + Self.unsubscribePath + "/" + token.make(.unsubscribe, id: prospectId)
    }

    /// The open pixel of one step of a prospect.
    public func openURL(prospectId: String, nodeId: String) -> String {
        baseURL + Self.openPath + "/" + token.make(.open, id: prospectId + ":" + nodeId) + ".gif"
    }

    /// The prospect and node an open token names.
    public static func step(_ id: String) -> (String, String)? {
        let parts = id.split(separator: ":")
        return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
    }
}

/// Download links of Unibox attachments: `<base>/links/attachments/<token>`, where the token signs the
/// attachment's id and an expiry (``LinkToken``). Links are made afresh on every read, so one that
/// leaked stops working within ``lifetimeSeconds``; no API key is needed to follow one.
public struct AttachmentLinks: Sendable {
    public static let path = "/links/attachments"
    public static let lifetimeSeconds: Int64 = 3600

    let baseURL: String
    let token: LinkToken

    public init(baseURL: String, token: LinkToken) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
    }

    public func url(for attachmentId: String, now: Timestamp) -> String {
        let expires = now.milliseconds / 1000 + Self.lifetimeSeconds
        return "\(baseURL)\(Self.path)/\(token.make(.attachment, id: "\(attachmentId):\(expires)"))"
    }

    /// The attachment id a link's token names, when it is signed by this server and not expired.
    public static func attachmentId(token text: String, verifiedBy token: LinkToken, now: Timestamp) -> String? {
        guard let signed = token.verify(.attachment, token: text), let colon = signed.lastIndex(of: ":"),
            let expires = Int64(signed[signed.index(after: colon)...]), expires >= now.milliseconds / 1000
        else { return nil }
        return String(signed[..<colon])
    }
}

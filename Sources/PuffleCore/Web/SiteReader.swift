/// One page read from a website.
public struct WebPage: Equatable, Sendable {
    public var url: String
    public var status: Int
    public var html: String

    public init(url: String, status: Int, html: String) {
        self.url = url
        self.status = status
        self.html = html
    }
}

/// Reads pages of a company's website: the home page first, then pages it links to on the same
/// site, within a page budget and honouring robots.txt. The offline default and the onboarding
/// scrape, `site_crawl` and `hiring_status` all read sites through it.
public protocol SiteReader: Sendable {
    /// - Parameters:
    ///   - website: a domain (`acme.com`) or a URL (`https://acme.com/`).
    ///   - pageBudget: at most this many pages are fetched, robots.txt aside.
    ///   - prefer: path words whose links are read first (`about`, `careers`).
    /// - Throws: when the home page cannot be fetched at all.
    func read(website: String, pageBudget: Int, prefer: [String]) async throws -> [WebPage]
}

/// Why a website could not be read.
public enum SiteReadError: Error, CustomStringConvertible, Sendable {
    case invalid(String)
    case disallowed(String)
    case unreachable(String)

    /// True when reading again cannot help: not a website, or robots.txt says no.
    public var isFinal: Bool {
        switch self {
        case .invalid, .disallowed: true
        case .unreachable: false
        }
    }

    public var description: String {
        switch self {
        case .invalid(let website): "\(website) is not a website address"
        case .disallowed(let url): "robots.txt does not allow reading \(url)"
        case .unreachable(let detail): "the website could not be read: \(detail)"
        }
    }
}

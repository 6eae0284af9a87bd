import Foundation
import NIOCore
import PuffleCore

/// Reads a company's website over HTTP: robots.txt, the home page, then the pages it links to on
/// the same host, preferred path words first, within a page budget.
public struct SiteCrawler: SiteReader {
    /// The crawler's product token, matched against robots.txt groups.
    static let agent = "puffle"

    public init() {}

    public func read(website: String, pageBudget: Int, prefer: [String]) async throws -> [WebPage] {
        guard let home = Self.homeURL(website), let host = home.host else { throw SiteReadError.invalid(website) }
        let origin = "\(home.scheme ?? "https")://\(host)\(home.port.map { ":\($0)" } ?? "")"
        let robots = try await Self.robots(origin: origin)
        guard robots.allows(Self.pathAndQuery(home)) else { throw SiteReadError.disallowed(home.absoluteString) }
        let first: (status: Int, body: String)
        do {
            first = try await ProviderHTTP.fetch(home.absoluteString)
        } catch {
            throw SiteReadError.unreachable("\(home.absoluteString): \(error)")
        }
        guard (200..<300).contains(first.status) else { throw SiteReadError.unreachable("\(home.absoluteString) answered \(first.status)") }
        var pages = [WebPage(url: home.absoluteString, status: first.status, html: first.body)]
        var seen: Set<String> = [home.absoluteString]
        let links = Self.sameSiteLinks(in: first.body, base: home, host: host).filter { robots.allows(Self.pathAndQuery($0)) }
        let ordered = links.enumerated().sorted { lhs, rhs in
            let left = prefer.contains { lhs.element.path.lowercased().contains($0) }
            let right = prefer.contains { rhs.element.path.lowercased().contains($0) }
            return left != right ? left : lhs.offset < rhs.offset
        }.map(\.element)
        for link in ordered where pages.count < pageBudget && seen.insert(link.absoluteString).inserted {
            guard let answer = try? await ProviderHTTP.fetch(link.absoluteString), (200..<300).contains(answer.status) else { continue }
            pages.append(WebPage(url: link.absoluteString, status: answer.status, html: answer.body))
        }
        return pages
    }

    /// The site's robots.txt rules. RFC 9309: none (4xx) allows everything; one that cannot be read
    /// (5xx, no answer) disallows everything, as the site may be saying no.
    static func robots(origin: String) async throws -> RobotsTxt {
        let answer: (status: Int, body: String)
        do {
            answer = try await ProviderHTTP.fetch(origin + "/robots.txt", timeout: .seconds(10), limit: 512 << 10)
        } catch {
            throw SiteReadError.unreachable("\(origin)/robots.txt: \(error)")
        }
        switch answer.status {
        case 200..<300: return RobotsTxt(text: answer.body, agent: agent)
        case 400..<500: return RobotsTxt(text: "", agent: agent)
        default: throw SiteReadError.unreachable("\(origin)/robots.txt answered \(answer.status)")
        }
    }

    /// `acme.com` reads `https://acme.com/`; a URL is read as given.
    static func homeURL(_ website: String) -> URL? {
        let text = website.trimmingCharacters(in: .whitespaces)
        let withScheme = text.lowercased().hasPrefix("http://") || text.lowercased().hasPrefix("https://") ? text : "https://\(text)"
        guard var components = URLComponents(string: withScheme), components.host?.isEmpty == false else { return nil }
        if components.path.isEmpty { components.path = "/" }
        components.fragment = nil
        return components.url
    }

    static func pathAndQuery(_ url: URL) -> String {
        let path = url.path.isEmpty ? "/" : url.path
        return url.query.map { path + "?" + $0 } ?? path
    }

    /// The http(s) links of a page that stay on its host, without fragments, in page order.
    static func sameSiteLinks(in html: String, base: URL, host: String) -> [URL] {
        var result: [URL] = []
        var seen = Set<String>()
        for href in HTMLScan.attributeValues(in: html, attribute: "href") {
            guard let url = URL(string: href, relativeTo: base)?.absoluteURL, url.host == host, ["http", "https"].contains(url.scheme ?? "") else { continue }
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
            components?.fragment = nil
            guard let clean = components?.url, seen.insert(clean.absoluteString).inserted else { continue }
            result.append(clean)
        }
        return result
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// A small company website on loopback, with the public job-board and news APIs the network
/// Enrichments read: what onboarding, `site_crawl`, `hiring_status` and `news_articles` are tested
/// against. It records every path it served, so tests can check robots.txt was honoured.
public final class FakeWebsite: Sendable {
    /// Every path requested, in order.
    public let served = Mutex<[String]>([])

    public init() {}

    static let pages: [String: String] = [
        "/robots.txt": "User-agent: *\nDisallow: /private\n\nUser-agent: otherbot\nDisallow: /\n",
        "/": """
            <html><head><title>Acme | Pipeline software</title>
            <meta name="description" content="The CRM for sales teams at fintech startups.">
            <link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
            <body><h1>Close more deals</h1><h2>Forecasts you can trust</h2><h2>Set up in a day</h2>
            <a href="/about">About</a> <a href="/product">Product</a> <a href="/careers">Careers</a> <a href="/private/plans">Plans</a>
            <a href="/blog#top">Blog</a> <a href="https://elsewhere.example/">Partner</a> <a href="mailto:hi@acme.example">Mail</a></body></html>
            """,
        "/about": "<html><head><title>About Acme</title></head><body><h1>About us</h1><p>Founded in Berlin.</p></body></html>",
        "/product": #"<html><head><meta name="description" content="Acme tracks every deal from first call to signature."></head><body><h1>Product</h1></body></html>"#,
        "/careers": """
            <html><body><h1>Careers</h1><ul><li><a href="/careers/account-executive">Account Executive, Berlin</a></li>
            <li><a href="/careers/backend-engineer">Senior Backend Engineer</a></li></ul></body></html>
            """,
        "/careers/account-executive": "<html><body><h1>Account Executive</h1></body></html>",
        "/careers/backend-engineer": "<html><body><h1>Senior Backend Engineer</h1></body></html>",
        "/private/plans": "<html><body>secret</body></html>",
        "/blog": "<html><body><h1>Blog</h1></body></html>",
        "/feed.xml": """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Acme news</title>
            <item><title>Acme raises a Series A</title><link>https://acme.example/blog/series-a</link><pubDate>Tue, 01 Dec 2026 09:00:00 GMT</pubDate></item>
            <item><title><![CDATA[Acme & Solaris partner]]></title><link>https://acme.example/blog/partner</link><pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate></item>
            </channel></rss>
            """,
        "/v1/boards/acme/jobs": """
            {"jobs":[{"id":101,"title":"Account Executive","location":{"name":"Berlin"},"absolute_url":"https://boards.example/acme/101","updated_at":"2026-11-20T10:00:00Z"},
            {"id":102,"title":"Head of Marketing","location":{"name":"Remote"},"absolute_url":"https://boards.example/acme/102","updated_at":"2026-11-21T10:00:00Z"}]}
            """,
        "/v0/postings/acme": """
            [{"id":"l-1","text":"Sales Development Representative","categories":{"location":"Austin","team":"Sales"},"hostedUrl":"https://jobs.example/acme/l-1"}]
            """,
        "/posting-api/job-board/acme": """
            {"jobs":[{"id":"a-1","title":"Product Designer","location":"London","jobUrl":"https://ashby.example/acme/a-1"}]}
            """,
        "/v2/everything": """
            {"articles":[{"title":"Acme named a top fintech tool","url":"https://news.example/acme-top","publishedAt":"2026-11-29T08:00:00Z","source":{"name":"Fintech Daily"}}]}
            """,
    ]

    /// Runs the site on a free loopback port for the length of `body`.
    public func run(_ body: @Sendable (_ baseURL: String) async throws -> Void) async throws {
        let router = Router()
        let serve: @Sendable (Request, BasicRequestContext) -> Response = { request, _ in
            let path = request.uri.path
            self.served.withLock { $0.append(path) }
            guard let page = Self.pages[path] else { return Response(status: .notFound) }
            let type = path.hasSuffix(".xml") ? "application/rss+xml" : page.hasPrefix("{") || page.hasPrefix("[") ? "application/json" : "text/html"
            return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        router.get("/", use: serve)
        router.get("**", use: serve)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }
}

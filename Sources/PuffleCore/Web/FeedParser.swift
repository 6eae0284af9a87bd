import Foundation

/// One article of a news feed.
public struct FeedArticle: Equatable, Sendable {
    public var title: String
    public var url: String?
    /// As the feed wrote it (RFC 822 in RSS, RFC 3339 in Atom).
    public var published: String?

    public init(title: String, url: String?, published: String?) {
        self.title = title
        self.url = url
        self.published = published
    }

    public var json: JSONValue {
        ["title": .string(title), "url": url.map(JSONValue.string) ?? .null, "publishedAt": published.map(JSONValue.string) ?? .null]
    }
}

/// Reads the items of an RSS 2.0 or Atom feed: pure text in, articles out, so it can be fuzzed.
/// Only what the `news_articles` Enrichment keeps is read; anything else in the feed is skipped.
public enum FeedParser {
    public static func articles(in xml: String) -> [FeedArticle] {
        let rss = elements("item", in: xml)
        let entries = rss.isEmpty ? elements("entry", in: xml) : rss
        return entries.compactMap { entry in
            guard let title = text("title", in: entry), !title.isEmpty else { return nil }
            // RSS: <link>url</link>; Atom: <link href="url"/>.
            let link = text("link", in: entry).flatMap { $0.isEmpty ? nil : $0 } ?? atomLink(in: entry)
            let published = text("pubDate", in: entry) ?? text("published", in: entry) ?? text("updated", in: entry)
            return FeedArticle(title: title, url: link, published: published)
        }
    }

    /// The feeds a page links to (`<link rel="alternate" type="application/rss+xml" href>`).
    public static func feedLinks(in html: String) -> [String] {
        HTMLScan.tags(in: html, named: "link").compactMap { tag in
            guard let type = HTMLScan.attribute("type", in: tag)?.lowercased(), type.contains("rss") || type.contains("atom") else { return nil }
            return HTMLScan.attribute("href", in: tag)
        }
    }

    /// The inner text of each `<name ...>...</name>` in order.
    static func elements(_ name: String, in xml: String) -> [String] {
        var found: [String] = []
        var cursor = xml.startIndex
        while let open = xml.range(of: "<" + name, range: cursor..<xml.endIndex) {
            guard let close = xml[open.upperBound...].firstIndex(of: ">") else { break }
            let after = xml.index(after: close)
            let next = xml[open.upperBound]
            guard next == ">" || next == " " || next == "\n" || next == "\t" || next == "/" else { cursor = after; continue }
            guard let end = xml.range(of: "</" + name + ">", range: after..<xml.endIndex) else { break }
            found.append(String(xml[after..<end.lowerBound]))
            cursor = end.upperBound
        }
        return found
    }

    static func text(_ name: String, in xml: String) -> String? {
        guard let inner = elements(name, in: xml).first else { return nil }
        var value = inner.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.hasPrefix("<![CDATA["), value.hasSuffix("]]>") {
            value = String(value.dropFirst(9).dropLast(3))
        } else {
            value = HTMLScan.decoded(HTMLScan.strippingTags(value))
        }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func atomLink(in entry: String) -> String? {
        HTMLScan.tags(in: entry, named: "link").first { HTMLScan.attribute("rel", in: $0).map { $0 == "alternate" } ?? true }
            .flatMap { HTMLScan.attribute("href", in: $0) }
    }
}

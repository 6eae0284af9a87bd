import Foundation

/// An open role, from a careers page or a public job board.
public struct JobPosting: Equatable, Sendable {
    public var title: String
    public var location: String?
    public var url: String?
    /// Where it was found: `careers_page`, `greenhouse`, `lever` or `ashby`.
    public var source: String

    public init(title: String, location: String? = nil, url: String? = nil, source: String) {
        self.title = title
        self.location = location
        self.url = url
        self.source = source
    }

    public var json: JSONValue {
        ["title": .string(title), "location": location.map(JSONValue.string) ?? .null, "url": url.map(JSONValue.string) ?? .null, "source": .string(source)]
    }
}

/// The rules that read open roles: links on a careers page, and the answers of the public job-board
/// APIs in their documented shapes.
public enum JobPostings {
    /// The roles a careers page links to: links one level below a `careers` or `jobs` path, with their text as the title.
    public static func fromCareersPage(html: String, pageURL: String) -> [JobPosting] {
        let base = pageURL.hasSuffix("/") ? String(pageURL.dropLast()) : pageURL
        var seen = Set<String>()
        var postings: [JobPosting] = []
        var cursor = html.startIndex
        while let open = html.range(of: "<a", options: .caseInsensitive, range: cursor..<html.endIndex),
            let close = html[open.upperBound...].firstIndex(of: ">"),
            let end = html.range(of: "</a>", options: .caseInsensitive, range: close..<html.endIndex) {
            // `<article>`, `<aside>` and `<abbr>` start with `<a` too: skip past their name only.
            guard HTMLScan.endsTagName(html, at: open.upperBound) else {
                cursor = open.upperBound
                continue
            }
            cursor = end.upperBound
            let tag = html[open.upperBound..<close]
            guard let href = HTMLScan.attribute("href", in: tag) else { continue }
            let lower = href.lowercased()
            guard let marker = ["/careers/", "/jobs/", "/job/", "/positions/"].first(where: { lower.contains($0) }),
                let range = lower.range(of: marker), !lower[range.upperBound...].isEmpty
            else { continue }
            let text = HTMLScan.decoded(HTMLScan.strippingTags(String(html[html.index(after: close)..<end.lowerBound])))
            guard !text.isEmpty, seen.insert(href).inserted else { continue }
            let (title, location) = split(text)
            let url = href.hasPrefix("http") ? href : href.hasPrefix("/") ? origin(of: base) + href : base + "/" + href
            postings.append(JobPosting(title: title, location: location, url: url, source: "careers_page"))
        }
        return postings
    }

    /// Greenhouse's `GET /v1/boards/{token}/jobs`: `{"jobs": [{"title", "location": {"name"}, "absolute_url"}]}`.
    public static func fromGreenhouse(_ answer: JSONValue) -> [JobPosting] {
        (answer["jobs"]?.arrayValue ?? []).compactMap { job in
            job["title"]?.stringValue.map {
                JobPosting(title: $0, location: job["location"]?["name"]?.stringValue, url: job["absolute_url"]?.stringValue, source: "greenhouse")
            }
        }
    }

    /// Lever's `GET /v0/postings/{company}?mode=json`: `[{"text", "categories": {"location"}, "hostedUrl"}]`.
    public static func fromLever(_ answer: JSONValue) -> [JobPosting] {
        (answer.arrayValue ?? []).compactMap { job in
            job["text"]?.stringValue.map {
                JobPosting(title: $0, location: job["categories"]?["location"]?.stringValue, url: job["hostedUrl"]?.stringValue, source: "lever")
            }
        }
    }

    /// Ashby's `GET /posting-api/job-board/{name}`: `{"jobs": [{"title", "location", "jobUrl"}]}`.
    public static func fromAshby(_ answer: JSONValue) -> [JobPosting] {
        (answer["jobs"]?.arrayValue ?? []).compactMap { job in
            job["title"]?.stringValue.map { JobPosting(title: $0, location: job["location"]?.stringValue, url: job["jobUrl"]?.stringValue, source: "ashby") }
        }
    }

    /// "Account Executive, Berlin" is a title and a location; "Senior Backend Engineer" only a title.
    static func split(_ text: String) -> (String, String?) {
        let parts = text.split(separator: ",", maxSplits: 1).map { String($0).trimmed }
        return parts.count == 2 && !parts[1].isEmpty ? (parts[0], parts[1]) : (text.trimmed, nil)
    }

    /// `https://acme.com:8443/a/b` gives `https://acme.com:8443`.
    public static func origin(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        return String(url[..<scheme.upperBound]) + String(rest.prefix { $0 != "/" })
    }
}

import Foundation

/// The stable identifiers that make two Lead inputs the same Lead, normalized so that
/// spelling differences (scheme, `www.`, case, trailing slash, query) do not create copies.
///
/// Keys are namespaced by Lead type: a person and a company never match each other.
public enum LeadIdentity {
    /// Every identity key of a Lead body, e.g. `person:email:jane@acme.com`,
    /// `person:linkedin:linkedin.com/in/jane`, `company:domain:acme.com`, `person:provider:apollo:123`.
    public static func keys(type: LeadType, body: LeadBody) -> [String] {
        var keys: [String] = []
        let prefix = type.rawValue + ":"
        for social in body.socials {
            if let url = social["url"]?.stringValue, let linkedin = normalizedLinkedInURL(url) {
                keys.append(prefix + "linkedin:" + linkedin)
            }
        }
        switch type {
        case .person:
            for contact in body.contacts {
                if let value = contact["value"]?.stringValue, let email = normalizedEmail(value) {
                    keys.append(prefix + "email:" + email)
                }
            }
        case .company:
            if let domain = body.domain {
                keys.append(prefix + "domain:" + domain)
            }
        }
        for source in body.sources {
            guard let id = source["id"]?.stringValue,
                let provider = (source["provider"] ?? source["source"])?.stringValue, !provider.isEmpty
            else { continue }
            keys.append(prefix + "provider:" + provider.lowercased() + ":" + id)
        }
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// `https://www.LinkedIn.com/in/Jane-Doe/?trk=x` becomes `linkedin.com/in/jane-doe`.
    /// Returns nil for anything that is not a LinkedIn URL.
    public static func normalizedLinkedInURL(_ raw: String) -> String? {
        var text = raw.trimmed.lowercased()
        if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<cut]) }
        guard let slash = text.firstIndex(of: "/") else { return nil }
        var host = String(text[..<slash])
        if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        guard host == "linkedin.com" || host.hasSuffix(".linkedin.com") else { return nil }
        var path = String(text[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        guard path.count > 1 else { return nil }
        return "linkedin.com" + path
    }

    /// Trimmed and lowercased; nil unless it looks like `local@domain.tld`.
    public static func normalizedEmail(_ raw: String) -> String? {
        let email = raw.trimmed.lowercased()
        guard let at = email.firstIndex(of: "@"), at != email.startIndex else { return nil }
        let domain = email[email.index(after: at)...]
        guard domain.contains("."), !domain.contains("@"), !email.contains(" ") else { return nil }
        return email
    }

    /// The bare host of a domain, URL or email: no scheme, no `www.`, no port, no path, lowercased.
    public static func normalizedDomain(_ raw: String) -> String? {
        var text = raw.trimmed.lowercased()
        if let at = text.lastIndex(of: "@") { text = String(text[text.index(after: at)...]) }
        if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
        if let cut = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" || $0 == ":" }) { text = String(text[..<cut]) }
        while text.hasSuffix(".") { text.removeLast() }
        if text.hasPrefix("www.") { text.removeFirst(4) }
        guard text.contains("."), !text.contains(" "), !text.hasPrefix(".") else { return nil }
        return text
    }
}

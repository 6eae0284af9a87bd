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

    /// A key as a message shows it: `person:email:jane@acme.com` reads `email jane@acme.com`.
    public static func displayName(ofKey key: String) -> String {
        let parts = key.split(separator: ":", maxSplits: 2)
        return parts.count == 3 ? "\(parts[1]) \(parts[2])" : key
    }

    /// `https://www.LinkedIn.com/in/Jane-Doe/?trk=x` becomes `linkedin.com/in/jane-doe`.
    /// Returns nil for anything that is not a LinkedIn URL.
    public static func normalizedLinkedInURL(_ raw: String) -> String? {
        // Byte-level: this runs for every row of every import.
        var bytes = asciiLowercased(raw.trimmed)
        if let scheme = firstIndex(of: Array("://".utf8), in: bytes) { bytes.removeFirst(scheme + 3) }
        if let cut = bytes.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) { bytes.removeSubrange(cut...) }
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        var host = bytes[..<slash]
        if let colon = host.firstIndex(of: UInt8(ascii: ":")) { host = host[..<colon] }
        let linkedin = Array("linkedin.com".utf8)
        guard host.elementsEqual(linkedin) || (host.count > linkedin.count && host.suffix(linkedin.count + 1).elementsEqual([UInt8(ascii: ".")] + linkedin)) else {
            return nil
        }
        var path = bytes[slash...]
        while path.last == UInt8(ascii: "/") { path.removeLast() }
        guard path.count > 1 else { return nil }
        return "linkedin.com" + String(decoding: path, as: UTF8.self)
    }

    /// The UTF-8 bytes with ASCII letters lowercased (URLs and emails are ASCII where it matters).
    private static func asciiLowercased(_ text: String) -> [UInt8] {
        if text.utf8.contains(where: { $0 >= 0x80 }) { return Array(text.lowercased().utf8) }
        return text.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return start }
        }
        return nil
    }

    /// Trimmed and lowercased; nil unless it looks like `local@domain.tld`.
    public static func normalizedEmail(_ raw: String) -> String? {
        let bytes = asciiLowercased(raw.trimmed)
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at != 0 else { return nil }
        let domain = bytes[(at + 1)...]
        guard domain.contains(UInt8(ascii: ".")), !domain.contains(UInt8(ascii: "@")), !bytes.contains(UInt8(ascii: " ")) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bare host of a domain, URL or email: no scheme, no `www.`, no port, no path, lowercased.
    public static func normalizedDomain(_ raw: String) -> String? {
        // Byte-level like the others: Foundation's `range(of:)` here was a tenth of an import's parsing.
        var bytes = asciiLowercased(raw.trimmed)[...]
        if let at = bytes.lastIndex(of: UInt8(ascii: "@")) { bytes = bytes[(at + 1)...] }
        if let scheme = bytes.indices.first(where: { bytes[$0...].starts(with: "://".utf8) }) { bytes = bytes[(scheme + 3)...] }
        let ends = "/?#:".utf8
        if let cut = bytes.firstIndex(where: ends.contains) { bytes = bytes[..<cut] }
        while bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        if bytes.starts(with: "www.".utf8) { bytes.removeFirst(4) }
        guard bytes.contains(UInt8(ascii: ".")), !bytes.contains(UInt8(ascii: " ")), bytes.first != UInt8(ascii: ".") else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}

import Foundation

/// Just enough HTML reading for company websites: no DOM, only the pieces asked for.
public enum HTMLScan {
    public static func text(in html: String, between open: String, and close: String) -> String? {
        guard let start = html.range(of: open, options: .caseInsensitive), let end = html.range(of: close, options: .caseInsensitive, range: start.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// The text after the end of an opening tag's attributes (`<title lang="en">Acme` -> `Acme`).
    public static func afterTagEnd(_ text: String) -> String {
        guard let close = text.firstIndex(of: ">") else { return text }
        return String(text[text.index(after: close)...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public static func metaContent(in html: String, names: [String]) -> String? {
        for tag in tags(in: html, named: "meta") {
            let name = (attribute("name", in: tag) ?? attribute("property", in: tag))?.lowercased()
            if let name, names.contains(name), let content = attribute("content", in: tag), !content.isEmpty { return content }
        }
        return nil
    }

    public static func attributeValues(in html: String, attribute name: String) -> [String] {
        tags(in: html, named: "a").compactMap { attribute(name, in: $0) }
    }

    public static func tags(in html: String, named name: String) -> [Substring] {
        var found: [Substring] = []
        var cursor = html.startIndex
        while let open = html.range(of: "<" + name, options: .caseInsensitive, range: cursor..<html.endIndex),
            let close = html[open.upperBound...].firstIndex(of: ">") {
            // `<a` also begins `<article>`: only a whole tag name counts.
            if endsTagName(html, at: open.upperBound) { found.append(html[open.upperBound..<close]) }
            cursor = open.upperBound
        }
        return found
    }

    /// Whether a tag name ends here: white space, `>`, `/` or the end of the text follows it.
    public static func endsTagName(_ html: String, at index: String.Index) -> Bool {
        guard index < html.endIndex else { return true }
        let next = html[index]
        return next.isWhitespace || next == ">" || next == "/"
    }

    public static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let key = tag.range(of: name + "=", options: .caseInsensitive) else { return nil }
        var rest = tag[key.upperBound...]
        guard let quote = rest.first, quote == "\"" || quote == "'" else {
            return rest.prefix { !$0.isWhitespace && $0 != ">" }.description
        }
        rest = rest.dropFirst()
        return String(rest.prefix { $0 != quote })
    }

    public static func decoded(_ text: String) -> String {
        text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The text of every `<tag>` of these names, in order (`h1`, `h2`): tags inside are dropped.
    public static func elements(in html: String, named names: [String]) -> [String] {
        var found: [String] = []
        for name in names {
            var cursor = html.startIndex
            while let open = html.range(of: "<" + name, options: .caseInsensitive, range: cursor..<html.endIndex),
                let end = html.range(of: "</" + name, options: .caseInsensitive, range: open.upperBound..<html.endIndex) {
                let inner = afterTagEnd(String(html[open.upperBound..<end.lowerBound]))
                let text = decoded(strippingTags(inner))
                if !text.isEmpty { found.append(text) }
                cursor = end.upperBound
            }
        }
        return found
    }

    /// Text with its tags removed, scripts and styles with their content.
    public static func strippingTags(_ html: String) -> String {
        var text = html
        for block in ["script", "style"] {
            while let open = text.range(of: "<" + block, options: .caseInsensitive),
                let close = text.range(of: "</" + block + ">", options: .caseInsensitive, range: open.upperBound..<text.endIndex) {
                text.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        var result = ""
        var inTag = false
        for character in text {
            if character == "<" { inTag = true; result.append(" "); continue }
            if character == ">" { inTag = false; continue }
            if !inTag { result.append(character) }
        }
        return result
    }
}

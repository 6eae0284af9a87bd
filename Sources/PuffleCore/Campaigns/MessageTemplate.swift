import Foundation

/// Personalizes a campaign step's subject, body and signature for one prospect.
///
/// Variables are written `%first_name%` (canonical) or `{{first_name}}` (the form some examples
/// use), with an optional fallback after a bar: `%first_name|there%` reads "there" when the
/// prospect has no first name. `%custom_fields.KEY%` reads the prospect's custom field KEY. A
/// `%` that does not open a variable name (`100% sure`) is plain text, and so is an unknown name,
/// left as written so a typo shows in the preview rather than vanishing.
public enum MessageTemplate {
    /// The names a template may use, besides `custom_fields.<key>`.
    public static let names: Set<String> = [
        "first_name", "last_name", "name", "email", "company", "position", "headline", "linkedin_url", "sender_first",
    ]

    /// One variable found in a template.
    public struct Variable: Equatable, Sendable {
        /// `first_name`, or `custom_fields.<key>`.
        public var name: String
        public var fallback: String?
    }

    /// The text with every variable replaced, and the names that had neither a value nor a fallback
    /// (they read as empty; validate warns about them).
    public static func render(_ text: String, values: [String: String]) -> (text: String, missing: [String]) {
        var output = ""
        var missing: [String] = []
        scan(text) { piece in
            switch piece {
            case .text(let plain):
                output += plain
            case .variable(let variable, _):
                if let value = values[variable.name], !value.isEmpty {
                    output += value
                } else if let fallback = variable.fallback {
                    output += fallback
                } else if !missing.contains(variable.name) {
                    missing.append(variable.name)
                }
            }
        }
        return (output, missing)
    }

    /// The variables a template uses, in order of first use.
    public static func variables(in text: String) -> [Variable] {
        var found: [Variable] = []
        scan(text) { piece in
            if case .variable(let variable, _) = piece, !found.contains(variable) { found.append(variable) }
        }
        return found
    }

    enum Piece {
        case text(Substring)
        case variable(Variable, written: Substring)
    }

    /// Walks the text, handing out plain runs and recognized variables.
    static func scan(_ text: String, _ visit: (Piece) -> Void) {
        var rest = text[...]
        while let open = rest.firstIndex(where: { $0 == "%" || $0 == "{" }) {
            let isBraces = rest[open] == "{"
            if isBraces, !rest[open...].hasPrefix("{{") {
                visit(.text(rest[...open]))
                rest = rest[rest.index(after: open)...]
                continue
            }
            let nameStart = rest.index(open, offsetBy: isBraces ? 2 : 1)
            let closing = isBraces ? "}}" : "%"
            if let variable = parse(rest[nameStart...], closing: closing) {
                visit(.text(rest[..<open]))
                visit(.variable(variable.variable, written: rest[open..<variable.end]))
                rest = rest[variable.end...]
            } else {
                // Not a variable: the opening character is text, and scanning goes on after it.
                visit(.text(rest[...open]))
                rest = rest[rest.index(after: open)...]
            }
        }
        visit(.text(rest))
    }

    /// `name[|fallback]` followed by the closing mark, when `name` is a known variable.
    static func parse(_ text: Substring, closing: String) -> (variable: Variable, end: Substring.Index)? {
        guard let close = text.range(of: closing) else { return nil }
        let inside = text[..<close.lowerBound]
        guard !inside.contains("\n"), inside.count <= 200 else { return nil }
        let parts = inside.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0].trimmingCharacters(in: .whitespaces)
        let isCustom = name.hasPrefix("custom_fields.") && name.count > "custom_fields.".count
            && name.dropFirst("custom_fields.".count).allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        guard names.contains(name) || isCustom else { return nil }
        return (Variable(name: name, fallback: parts.count == 2 ? String(parts[1]) : nil), close.upperBound)
    }
}

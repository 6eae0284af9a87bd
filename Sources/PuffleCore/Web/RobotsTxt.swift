import Foundation

/// The rules of a robots.txt (RFC 9309) that apply to one crawler: the group naming it, else `*`.
///
/// Pure text in, decisions out, so it can be fuzzed. The longest matching `Allow` or `Disallow`
/// path wins; `Allow` wins a tie; `*` matches any run of characters and a final `$` the end.
public struct RobotsTxt: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var allow: Bool
        public var pattern: String
    }

    public private(set) var rules: [Rule] = []

    /// - Parameter agent: the crawler's product token, lowercased (`puffle`).
    public init(text: String, agent: String) {
        var groups: [(agents: [String], rules: [Rule])] = []
        var lastWasAgent = false
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.prefix { $0 != "#" }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingWhitespace.lowercased()
            let value = String(line[line.index(after: colon)...].trimmingWhitespace)
            switch field {
            case "user-agent":
                if !lastWasAgent || groups.isEmpty { groups.append(([], [])) }
                groups[groups.count - 1].agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                guard !groups.isEmpty, !value.isEmpty else { continue }
                groups[groups.count - 1].rules.append(Rule(allow: field == "allow", pattern: value))
            default:
                lastWasAgent = false
            }
        }
        let own = groups.filter { $0.agents.contains { agent.hasPrefix($0) && $0 != "*" } }
        rules = (own.isEmpty ? groups.filter { $0.agents.contains("*") } : own).flatMap(\.rules)
    }

    /// Whether a path (with its query) may be fetched.
    public func allows(_ path: String) -> Bool {
        var best: Rule?
        for rule in rules where Self.matches(rule.pattern, path) {
            if let current = best, current.pattern.count > rule.pattern.count || (current.pattern.count == rule.pattern.count && current.allow) { continue }
            best = rule
        }
        return best?.allow ?? true
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        let anchored = pattern.hasSuffix("$")
        let parts = (anchored ? String(pattern.dropLast()) : pattern).split(separator: "*", omittingEmptySubsequences: false)
        var rest = Substring(path)
        for (index, part) in parts.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if part.isEmpty {
                // `*` before nothing (a trailing `*`, or `**`) matches whatever is left.
                continue
            } else if anchored, index == parts.count - 1 {
                // The last part of a `$` pattern must end the path.
                return rest.hasSuffix(part)
            } else if let range = rest.range(of: part) {
                rest = rest[range.upperBound...]
            } else {
                return false
            }
        }
        return !anchored || rest.isEmpty || parts.last == ""
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

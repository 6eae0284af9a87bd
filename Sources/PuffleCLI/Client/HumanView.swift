import Foundation
import PuffleCore

/// `--format pretty`: a response for a person to read rather than a program to parse. Objects
/// become aligned `key  value` lines, arrays of objects become tables, objects of numbers (counts)
/// one line; `--format json`, the default, stays the machine format.
enum HumanView {
    /// The widest a table cell grows before it is cut with "…".
    static let maxCell = 40
    /// The columns a table shows at most: the first keys its rows have.
    static let maxColumns = 7

    static func render(_ value: JSONValue) -> String {
        lines(value, indent: "").joined(separator: "\n")
    }

    static func lines(_ value: JSONValue, indent: String) -> [String] {
        switch value {
        case .object(let object):
            let width = object.keys.map(\.count).max() ?? 0
            return object.keys.sorted().flatMap { key -> [String] in
                let item = object[key] ?? .null
                let label = indent + key.padding(toLength: width, withPad: " ", startingAt: 0)
                if let inline = inline(item) { return ["\(label)  \(inline)"] }
                return ["\(indent)\(key):"] + lines(item, indent: indent + "  ")
            }
        case .array(let items) where items.allSatisfy({ $0.objectValue != nil }):
            return table(items.compactMap(\.objectValue), indent: indent)
        default:
            return [indent + (inline(value) ?? JSONWriter.string(value))]
        }
    }

    /// A value that fits on its label's line: scalars, short scalar lists, and counts.
    static func inline(_ value: JSONValue) -> String? {
        switch value {
        case .null: return "-"
        case .bool(let flag): return flag ? "yes" : "no"
        case .integer, .number, .string: return scalar(value)
        case .array(let items):
            if items.isEmpty { return "(none)" }
            guard items.allSatisfy({ $0.objectValue == nil && $0.arrayValue == nil }) else { return nil }
            return items.map(scalar).joined(separator: ", ")
        case .object(let object):
            if object.isEmpty { return "{}" }
            guard object.values.allSatisfy({ $0.numberValue != nil }) else { return nil }
            return object.keys.sorted().map { "\($0) \(scalar(object[$0] ?? .null))" }.joined(separator: " · ")
        }
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .null: "-"
        case .bool(let flag): flag ? "yes" : "no"
        default: JSONWriter.string(value)
        }
    }

    /// Rows under a header of their first keys, and how many there are.
    static func table(_ rows: [JSONObject], indent: String) -> [String] {
        guard !rows.isEmpty else { return [indent + "(none)"] }
        var columns: [String] = []
        for row in rows {
            for key in row.keys.sorted() where !columns.contains(key) && row[key].flatMap(inline) != nil { columns.append(key) }
        }
        columns = Array(columns.sorted { rank($0) < rank($1) }.prefix(maxColumns))
        let cells = rows.map { row in columns.map { cut(row[$0].flatMap(inline) ?? "") } }
        let widths = columns.indices.map { index in max(columns[index].count, cells.map { $0[index].count }.max() ?? 0) }
        func line(_ values: [String]) -> String {
            indent + zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return [line(columns)] + cells.map(line) + ["\(indent)(\(rows.count) \(rows.count == 1 ? "row" : "rows"))"]
    }

    /// Ids and names first, then the rest in alphabetical order.
    static func rank(_ key: String) -> String {
        let first = ["id", "name", "slug", "status", "title", "type"]
        return first.firstIndex(of: key).map { "0\($0)" } ?? "1" + key
    }

    static func cut(_ text: String) -> String {
        text.count <= maxCell ? text : String(text.prefix(maxCell - 1)) + "…"
    }
}

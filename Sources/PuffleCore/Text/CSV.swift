import Foundation

/// Splits CSV text into records (RFC 4180), fed a line at a time so that a file streams.
///
/// A quoted field may hold commas, line breaks and `""` for one quote; a record whose quoted
/// field holds a line break goes on over the next lines. Being lenient where files are sloppy:
/// blanks before an opening quote are dropped, text after a closing quote is kept, and every
/// field is trimmed.
public struct CSVRecordParser {
    private enum State {
        /// Nothing of the current field read yet but blanks.
        case fieldStart
        case unquoted
        case quoted
        /// A `"` inside a quoted field: the end of the field, or the first half of `""`.
        case quoteInQuoted
    }

    public init() {}

    private var state = State.fieldStart
    private var fields: [String] = []
    private var field = ""

    /// Whether the last line ended inside a quoted field, so the next line continues its record.
    public var isInsideQuotes: Bool { state == .quoted }

    /// Reads one line, given without its line break (a trailing `\r` of CRLF is dropped).
    /// - Returns: The fields of the record this line ends; nil while a quoted field is still open.
    public mutating func feed(line: String) -> [String]? {
        let text = line.hasSuffix("\r") ? line.dropLast() : Substring(line)
        for character in text {
            switch state {
            case .fieldStart:
                if character == "\"" {
                    field = ""
                    state = .quoted
                } else if character == "," {
                    endField()
                } else {
                    field.append(character)
                    if character != " " && character != "\t" { state = .unquoted }
                }
            case .unquoted:
                if character == "," { endField() } else { field.append(character) }
            case .quoted:
                if character == "\"" { state = .quoteInQuoted } else { field.append(character) }
            case .quoteInQuoted:
                if character == "\"" {
                    field.append("\"")
                    state = .quoted
                } else if character == "," {
                    endField()
                } else {
                    field.append(character)
                    state = .unquoted
                }
            }
        }
        if state == .quoted {
            field.append("\n")
            return nil
        }
        return endRecord()
    }

    /// Ends the input: the fields of a record whose quote was never closed, else nil.
    public mutating func finish() -> [String]? {
        guard state == .quoted else { return nil }
        return endRecord()
    }

    private mutating func endField() {
        fields.append(field.trimmingCharacters(in: .whitespaces))
        field = ""
        state = .fieldStart
    }

    private mutating func endRecord() -> [String] {
        endField()
        defer { fields = [] }
        return fields
    }
}

/// Splits one line of CSV; a quote left open runs to the end of the line.
public enum CSVLine {
    public static func split(_ line: String) -> [String] {
        var parser = CSVRecordParser()
        return parser.feed(line: line) ?? parser.finish() ?? []
    }
}

/// Whole CSV texts: a header and rows.
public enum CSVText {
    /// The records of a text, line breaks inside quoted fields kept; blank lines skipped.
    public static func records(_ text: String) -> [[String]] {
        var parser = CSVRecordParser()
        var records: [[String]] = []
        // By any line break: a CRLF is one Character in Swift, so splitting on "\n" alone would miss it.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if !parser.isInsideQuotes, line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            if let record = parser.feed(line: String(line)) { records.append(record) }
        }
        if let last = parser.finish() { records.append(last) }
        return records
    }
}

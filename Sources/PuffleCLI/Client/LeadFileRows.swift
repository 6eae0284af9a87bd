import Foundation
import PuffleCore

/// The Lead input objects of a `.csv` file (header row first, the column names of ``CSVLead``)
/// or a `.jsonl` file, one at a time, without loading the file whole.
struct LeadFileRows {
    private let lines: LineReader
    private let isCSV: Bool
    private var header: [String]?
    private var csv = CSVRecordParser()
    private var lineNumber = 0
    private var recordStart = 0
    /// The file line, from 1, that the row last returned by ``next()`` starts on: a CSV row whose
    /// quoted field holds line breaks spans several lines, and row errors point at its first.
    private(set) var line = 0

    init?(path: String) {
        guard let lines = LineReader(path: path) else { return nil }
        self.lines = lines
        isCSV = path.lowercased().hasSuffix(".csv")
    }

    /// The next row; a JSON Lines line that isn't JSON comes back as the string it is, for the
    /// reader of the rows to report. Nil at the end of the file.
    mutating func next() -> JSONValue? {
        while var text = lines.next() {
            lineNumber += 1
            // Spreadsheet exports often start with a UTF-8 byte order mark, which would otherwise
            // become part of the first column's name.
            if lineNumber == 1, text.utf8.starts(with: [0xEF, 0xBB, 0xBF]) { text = String(decoding: text.utf8.dropFirst(3), as: UTF8.self) }
            guard isCSV else {
                let trimmed = text.trimmed
                if trimmed.isEmpty { continue }
                line = lineNumber
                return (try? JSONParser.parse(trimmed)) ?? .string(trimmed)
            }
            if !csv.isInsideQuotes {
                // A blank line between records is skipped; inside a quoted field it is content.
                if text.trimmed.isEmpty { continue }
                recordStart = lineNumber
            }
            guard let fields = csv.feed(line: text) else { continue }
            if let lead = row(of: fields) { return lead }
        }
        // A quote left open at the end of the file closes there.
        if isCSV, let fields = csv.finish(), let lead = row(of: fields) { return lead }
        return nil
    }

    /// The Lead input of a CSV record, or nil for the header, which it keeps.
    private mutating func row(of fields: [String]) -> JSONValue? {
        guard let columns = header else {
            header = CSVLead.columns(fields)
            return nil
        }
        line = recordStart
        return CSVLead.input(columns: columns, fields: fields)
    }
}

/// Reads a file line by line without loading it whole.
final class LineReader {
    private let handle: FileHandle
    /// Read ahead of the caller, from `position` on; what is before it was handed out.
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    /// The next line without its `\n` (a `\r` before it stays); nil at the end of the file.
    func next() -> String? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                // Moving the read position, not removing the line, keeps a chunk's lines linear to read.
                defer { position = newline + 1 }
                return String(decoding: buffer[position..<newline], as: UTF8.self)
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                defer { position = buffer.count }
                return String(decoding: buffer[position...], as: UTF8.self)
            }
            buffer.removeSubrange(0..<position)
            position = 0
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}

import Foundation
import PuffleAPI
import PuffleClient
import PuffleCore

/// `puffle list import --file leads.csv|leads.jsonl`: streams the file in batches of
/// ``API/maxImportBatch`` through `POST /api/lists/import`, with progress on stderr.
struct ListImportFile {
    let client: PuffleHTTPClient
    let format: ClientCommand.Format

    func run(file: String, values: [String: JSONValue]) async throws -> Int32 {
        guard var rows = LeadFileRows(path: file) else { throw PuffleError.invalidRequest("cannot open \(file)") }
        var batch: [JSONValue] = []
        var totals = (rows: 0, created: 0, merged: 0)
        var errors: [JSONValue] = []
        var listAfter: JSONValue = .null
        func flush() async throws -> Bool {
            guard !batch.isEmpty else { return true }
            var body: JSONObject = ["leads": .array(batch)]
            if let listId = values["list-id"] { body["listId"] = listId }
            if let preview = values["preview"] { body["preview"] = preview }
            let response = try await client.send(method: "POST", path: "/api/lists/import", body: Data(JSONWriter.string(.object(body)).utf8))
            guard response.status < 400 else {
                _ = ClientCommand.output(response, format: format)
                return false
            }
            let result = try JSONParser.parse(response.body).objectValue ?? [:]
            let counts = result["preview"]?.objectValue ?? result
            totals.created += Int(Self.number(counts["createdCount"]))
            totals.merged += Int(Self.number(counts["mergedCount"]))
            if case .array(let rowErrors) = result["errors"] ?? .null {
                for case .object(var rowError) in rowErrors {
                    rowError["index"] = .number(Double(totals.rows) + Self.number(rowError["index"]))
                    errors.append(.object(rowError))
                }
            }
            if let list = result["list"] { listAfter = list }
            totals.rows += batch.count
            batch.removeAll(keepingCapacity: true)
            FileHandle.standardError.write(Data("\rimported \(totals.rows) rows (\(totals.created) new, \(totals.merged) merged, \(errors.count) errors)".utf8))
            return true
        }
        while let row = rows.next() {
            batch.append(row)
            if batch.count == API.maxImportBatch, try await !flush() { return 1 }
        }
        if try await !flush() { return 1 }
        FileHandle.standardError.write(Data("\n".utf8))
        let summary: JSONValue = [
            "rows": .number(Double(totals.rows)), "createdCount": .number(Double(totals.created)),
            "mergedCount": .number(Double(totals.merged)), "errors": .array(errors), "list": listAfter,
        ]
        print(format == .raw ? ClientCommand.compact(summary) : ClientCommand.prettyJSON(summary))
        return 0
    }

    private static func number(_ value: JSONValue?) -> Double {
        if case .number(let number) = value ?? .null { return number }
        return 0
    }
}

/// The Lead input objects of a `.csv` file (header row first, the documented column names) or a
/// `.jsonl` file, one at a time, without loading the file whole.
struct LeadFileRows {
    private let lines: LineReader
    private let isCSV: Bool
    private var header: [String]?

    init?(path: String) {
        guard let lines = LineReader(path: path) else { return nil }
        self.lines = lines
        isCSV = path.lowercased().hasSuffix(".csv")
    }

    /// The next row; a JSON Lines line that isn't JSON comes back as the string it is, for the
    /// reader of the rows to report. Nil at the end of the file.
    mutating func next() -> JSONValue? {
        while let line = lines.next() {
            let text = line.trimmed
            if text.isEmpty { continue }
            guard isCSV else { return (try? JSONParser.parse(text)) ?? .string(text) }
            let fields = CSVLine.split(text)
            guard let columns = header else {
                header = fields.map { $0.lowercased() }
                continue
            }
            return CSVLead.input(columns: columns, fields: fields)
        }
        return nil
    }
}

/// Reads a file line by line without loading it whole.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var atEnd = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                return String(decoding: line, as: UTF8.self)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { atEnd = true } else { buffer.append(chunk) }
        }
    }
}

/// Splits one CSV line (RFC 4180 quoting, fields on one line).
enum CSVLine {
    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    if let following = iterator.next() {
                        if following == "\"" { field.append("\"") } else {
                            quoted = false
                            if following == "," { fields.append(field); field = "" } else { field.append(following) }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields.map(\.trimmed)
    }
}

/// Turns a CSV row with the documented header names into a Lead input object.
enum CSVLead {
    static func input(columns: [String], fields: [String]) -> JSONValue {
        var row: [String: String] = [:]
        for (column, field) in zip(columns, fields) where !field.isEmpty { row[column] = field }
        let isCompany = row["type"] == "company"
        var lead: JSONObject = ["type": .string(isCompany ? "company" : "person")]
        var name: JSONObject = [:]
        if let full = row["full_name"] ?? row["name"] { name["full"] = .string(full) }
        if let first = row["first_name"] { name["first"] = .string(first) }
        if let last = row["last_name"] { name["last"] = .string(last) }
        if isCompany, name["full"] == nil, let company = row["company_name"] { name["full"] = .string(company) }
        lead["name"] = .object(name)
        if let title = row["title"] { lead["title"] = .string(title) }
        if !isCompany, row["company_name"] != nil || row["company_domain"] != nil {
            lead["company"] = ["name": row["company_name"].map(JSONValue.string) ?? .null, "domain": row["company_domain"].map(JSONValue.string) ?? .null]
        }
        if isCompany, let domain = row["company_domain"] ?? row["domain"] { lead["domain"] = .string(domain) }
        if let url = row["linkedin_url"] { lead["socials"] = [["url": .string(url), "type": "linkedin"]] }
        if let email = row["email"] { lead["contacts"] = [["value": .string(email), "type": "email"]] }
        let location = ["city", "state", "country"].reduce(into: JSONObject()) { result, key in
            if let value = row[key] { result[key] = .string(value) }
        }
        if !location.isEmpty { lead["location"] = .object(location) }
        if let industry = row["industry"] { lead["industry"] = .string(industry) }
        if let size = row["company_size"] ?? row["size"] { lead["size"] = .string(size) }
        return .object(lead)
    }
}

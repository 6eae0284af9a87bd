import Foundation
import PuffleAPI
import PuffleClient
import PuffleCore

/// `puffle list import --file leads.csv|leads.jsonl`: streams the file in batches of
/// ``API/maxImportBatch`` through `POST /api/lists/import`, with progress on stderr.
///
/// The server reports a refused row by its index in the batch; each is shown on stderr with the
/// file line its row starts on, and kept with `index` (row in the file, from 0) and `line` in the
/// summary printed at the end.
struct ListImportFile {
    let client: PuffleHTTPClient
    let format: ClientCommand.Format

    func run(file: String, values: [String: JSONValue]) async throws -> Int32 {
        guard var rows = LeadFileRows(path: file) else { throw PuffleError.invalidRequest("cannot open \(file)") }
        var batch: [JSONValue] = []
        var batchLines: [Int] = []
        var totals = (rows: 0, created: 0, merged: 0)
        var errors: [JSONValue] = []
        var listAfter: JSONValue = .null
        var progressShown = false
        func flush() async throws -> Bool {
            guard !batch.isEmpty else { return true }
            var body: JSONObject = ["leads": .array(batch)]
            if let listId = values["list-id"] { body["listId"] = listId }
            if let preview = values["preview"] { body["preview"] = preview }
            let response = try await client.send(method: "POST", path: "/api/lists/import", body: Data(JSONWriter.string(.object(body)).utf8))
            guard response.status < 400 else {
                if progressShown { FileHandle.standardError.write(Data("\n".utf8)) }
                _ = ClientCommand.output(response, format: format)
                return false
            }
            let result = try JSONParser.parse(response.body).objectValue ?? [:]
            let counts = result["preview"]?.objectValue ?? result
            totals.created += counts["createdCount"]?.intValue ?? 0
            totals.merged += counts["mergedCount"]?.intValue ?? 0
            let located = Self.located(result["errors"]?.arrayValue ?? [], lines: batchLines, firstIndex: totals.rows)
            if !located.isEmpty {
                // End the progress line first, so each error stands on a line of its own.
                let text = (progressShown ? "\n" : "") + located.map { Self.describe($0) + "\n" }.joined()
                FileHandle.standardError.write(Data(text.utf8))
                errors += located.map(JSONValue.object)
            }
            if let list = result["list"] { listAfter = list }
            totals.rows += batch.count
            batch.removeAll(keepingCapacity: true)
            batchLines.removeAll(keepingCapacity: true)
            FileHandle.standardError.write(Data(("\r" + Self.progress(rows: totals.rows, created: totals.created, merged: totals.merged, refused: errors.count)).utf8))
            progressShown = true
            return true
        }
        while let row = rows.next() {
            batch.append(row)
            batchLines.append(rows.line)
            if batch.count == API.maxImportBatch, try await !flush() { return 1 }
        }
        if try await !flush() { return 1 }
        if progressShown { FileHandle.standardError.write(Data("\n".utf8)) }
        let summary: JSONValue = [
            "rows": .integer(Int64(totals.rows)), "importedCount": .integer(Int64(totals.created + totals.merged)),
            "refusedCount": .integer(Int64(errors.count)), "createdCount": .integer(Int64(totals.created)),
            "mergedCount": .integer(Int64(totals.merged)), "errors": .array(errors), "list": listAfter,
        ]
        print(ClientCommand.render(summary, format: format))
        return 0
    }

    /// The progress line: rows read, and of them how many were imported (new or merged) and refused.
    /// "imported 4 of 5 rows (4 new, 0 merged), 1 refused": never a count of rows as imported that were not.
    static func progress(rows: Int, created: Int, merged: Int, refused: Int) -> String {
        "imported \(created + merged) of \(rows) rows (\(created) new, \(merged) merged), \(refused) refused"
    }

    /// The row errors of one batch's answer, placed in the file: `index` becomes the row's
    /// position among all the file's rows, and `line` the file line the row starts on.
    /// - Parameters:
    ///   - lines: The starting file line of each row of the batch, in batch order.
    ///   - firstIndex: How many rows the file's earlier batches held.
    static func located(_ rowErrors: [JSONValue], lines: [Int], firstIndex: Int) -> [JSONObject] {
        rowErrors.compactMap { item in
            guard var rowError = item.objectValue else { return nil }
            let index = rowError["index"]?.intValue ?? 0
            rowError["index"] = .integer(Int64(firstIndex + index))
            if lines.indices.contains(index) { rowError["line"] = .integer(Int64(lines[index])) }
            return rowError
        }
    }

    /// One located row error as shown on stderr: `line 7: type: must be "person" or "company", got "robot"`,
    /// with the code added when it is not the usual `invalid_request`.
    static func describe(_ rowError: JSONObject) -> String {
        let place = rowError["line"]?.intValue.map { "line \($0)" } ?? "row \(rowError["index"]?.intValue ?? 0)"
        let message = rowError["message"]?.stringValue ?? "refused"
        let code = rowError["code"]?.stringValue ?? "invalid_request"
        return "\(place): \(message)" + (code == "invalid_request" ? "" : " (\(code))")
    }
}

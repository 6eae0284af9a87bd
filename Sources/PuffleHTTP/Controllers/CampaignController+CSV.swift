import Hummingbird
import PuffleCore

/// CSV prospects in two steps: upload reads the file and guesses the columns (writing nothing);
/// confirm adds the rows under the mapping the caller settled on.
extension CampaignController {
    func registerCSV(on table: RouteTable) {
        table.on("uploadCampaignCSV", uploadCSV)
        table.on("confirmCampaignCSV", confirmCSV)
    }

    @Sendable func uploadCSV(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        // The campaign must be the caller's, though nothing is written to it yet.
        _ = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        guard let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary(contentType:)) else {
            throw PuffleError.invalidRequest("Send the file as multipart/form-data, in a part named file")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw PuffleError.payloadTooLarge(limit: context.maxUploadSize)
        }
        let parts: [MultipartForm.Part]
        do {
            parts = try MultipartForm.parse(Array(body.readableBytesView), boundary: boundary)
        } catch let error as MultipartForm.Malformed {
            throw PuffleError.invalidRequest("The multipart body is malformed: \(error.description)")
        }
        guard let file = parts.first(where: { $0.name == "file" }) else { throw PuffleError.invalidRequest("file: no part named file") }
        let name = (file.filename ?? "").lowercased()
        if name.hasSuffix(".xlsx") || name.hasSuffix(".xls") {
            throw PuffleError.invalidRequest("file: spreadsheets are not read here; export the sheet as CSV and upload that")
        }
        guard var text = String(validating: file.data, as: UTF8.self) else { throw PuffleError.invalidRequest("file: is not UTF-8 text") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = CSVText.records(text)
        guard let header = records.first, !header.allSatisfy(\.isEmpty) else { throw PuffleError.invalidRequest("file: has no header row") }
        let rows = Array(records.dropFirst())
        return Reply([
            "lead_list_id": .string(SortableID.make()), "columns": .array(header.map(JSONValue.string)),
            "auto_mapping": .object(CampaignCSV.autoMapping(columns: header).mapValues { $0.map(JSONValue.string) ?? .null }),
            "preview_rows": .array(rows.prefix(5).map { row in
                .object(Dictionary(header.enumerated().map { ($0.element, JSONValue.string($0.offset < row.count ? row[$0.offset] : "")) }, uniquingKeysWith: { a, _ in a }))
            }),
            "total_rows": .integer(Int64(rows.count)), "csv_text": .string(text),
        ])
    }

    @Sendable func confirmCSV(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let campaign = try await campaigns.campaign(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        var mapping: [String: String] = [:]
        for (field, column) in body["mapping"]?.objectValue ?? [:] where CampaignCSV.fields.contains(field) {
            if let column = column.stringValue, !column.isEmpty { mapping[field] = column }
        }
        let identity = campaign.type == .email ? "email" : "linkedin_url"
        guard mapping[identity] != nil else { throw PuffleError.invalidRequest("mapping.\(identity): a \(campaign.type.rawValue) campaign needs this column mapped") }
        let records = CSVText.records(body["csv_text"]?.stringValue ?? "")
        guard let header = records.first else { throw PuffleError.invalidRequest("csv_text: has no header row") }
        for (field, column) in mapping where !header.contains(column) {
            throw PuffleError.invalidRequest("mapping.\(field): the CSV has no column \(column)")
        }
        let (valid, invalid) = CampaignCSV.prospects(header: header, rows: Array(records.dropFirst()), mapping: mapping, type: campaign.type)
        var seen: Set<String> = []
        let unique = valid.filter { seen.insert($0.identity(for: campaign.type) ?? "").inserted }
        var imported = 0
        var duplicates = valid.count - unique.count
        for start in stride(from: 0, to: unique.count, by: 1000) {
            let added = try await campaigns.addProspects(
                campaignId: campaign.id, workspaceId: caller.workspaceId, Array(unique[start..<min(start + 1000, unique.count)]), source: "csv",
                sourceRef: body["lead_list_id"]?.stringValue, now: clock.now())
            imported += added.imported
            duplicates += added.duplicates
        }
        if unique.isEmpty {
            // Still draft-only: nothing to add says nothing about the campaign, so check it.
            guard campaign.status == .draft else { throw PuffleError.invalidRequest("Campaign is \(campaign.status.rawValue): its roster can only change while it is a draft") }
        }
        return Reply(["imported": .integer(Int64(imported)), "duplicates": .integer(Int64(duplicates)), "invalid": .integer(Int64(invalid))])
    }
}

import Foundation
import PuffleCore
import SQLKit

extension SQLUniboxStore {
    public func saveAttachment(_ file: AttachmentFile, workspaceId: String, now: Timestamp) async throws -> MessageAttachment {
        let attachment = MessageAttachment(id: SortableID.make(), fileName: file.fileName, contentType: file.contentType, size: file.data.count)
        try await database.write { db in try await Self.insertAttachment(attachment, data: file.data, workspaceId: workspaceId, now: now, db: db) }
        return attachment
    }

    /// One row a file: a batch of inbound mail may carry megabytes, never gathered into one statement.
    static func insertAttachment(_ attachment: MessageAttachment, data: [UInt8], workspaceId: String, now: Timestamp, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO attachments (id, workspace_id, file_name, content_type, size, data, created_at)
            VALUES (\(bind: attachment.id), \(bind: workspaceId), \(bind: attachment.fileName), \(bind: attachment.contentType), \(bind: attachment.size),
                \(bind: Data(data).base64EncodedString()), \(bind: now.milliseconds))
            """).run()
    }

    public func attachment(id: String, workspaceId: String?) async throws -> (attachment: MessageAttachment, data: [UInt8]) {
        try await database.read { db in
            var query = SQLQueryString("SELECT id, file_name, content_type, size, data FROM attachments WHERE id = \(bind: id)")
            if let workspaceId { query.appendInterpolation(SQLQueryString(" AND workspace_id = \(bind: workspaceId)")) }
            guard let row = try await db.raw(query).first() else { throw PuffleError.notFound("Attachment \(id) not found") }
            let attachment = MessageAttachment(
                id: try row.decode(column: "id", as: String.self), fileName: try row.decode(column: "file_name", as: String.self),
                contentType: try row.decode(column: "content_type", as: String.self), size: try row.decode(column: "size", as: Int.self))
            return (attachment, Array(Data(base64Encoded: try row.decode(column: "data", as: String.self)) ?? Data()))
        }
    }
}

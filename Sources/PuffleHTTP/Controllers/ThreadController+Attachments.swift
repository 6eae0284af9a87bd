import Foundation
import Hummingbird
import PuffleCore

/// `POST /api/threads/attachments`: a file to send later, from a draft or a message.
extension ThreadController {
    @Sendable func upload(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        guard let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary(contentType:)) else {
            throw PuffleError.invalidRequest("Send the file as multipart/form-data, in a part named file")
        }
        // The form around the file adds a little to its 10 MB.
        let limit = AttachmentFile.maxUploadBytes + 64 * 1024
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            throw PuffleError.payloadTooLarge(limit: limit)
        }
        let parts: [MultipartForm.Part]
        do {
            parts = try MultipartForm.parse(Array(body.readableBytesView), boundary: boundary)
        } catch let error as MultipartForm.Malformed {
            throw PuffleError.invalidRequest("The multipart body is malformed: \(error.description)")
        }
        guard let part = parts.first(where: { $0.name == "file" }) else { throw PuffleError.invalidRequest("file: no part named file") }
        guard part.data.count <= AttachmentFile.maxUploadBytes else { throw PuffleError.payloadTooLarge(limit: AttachmentFile.maxUploadBytes) }
        let name = (part.filename ?? "").trimmingCharacters(in: .whitespaces)
        let file = AttachmentFile(
            fileName: name.isEmpty ? "attachment" : String(name.prefix(255)), contentType: part.contentType ?? "application/octet-stream", data: part.data)
        let saved = try await unibox.saveAttachment(file, workspaceId: caller.workspaceId, now: clock.now())
        return Reply(["attachment": UniboxJSON.attachment(saved, links: try await links(), now: clock.now())], status: .created)
    }
}

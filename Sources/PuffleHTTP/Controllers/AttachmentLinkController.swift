import HTTPTypes
import Hummingbird
import PuffleCore

/// `GET /links/attachments/{token}`: a Unibox attachment's bytes through the signed, expiring link
/// the API hands out (``AttachmentLinks``). Like the campaign links, it needs no key and sits outside
/// the route table: its answer is the file, not JSON.
struct AttachmentLinkController: Sendable {
    let unibox: any UniboxStore
    let keys: MailLinkKeys
    let clock: any WallClock

    func register(on router: Router<PuffleRequestContext>) {
        router.get("\(AttachmentLinks.path)/{token}", use: download)
    }

    @Sendable func download(_ request: Request, context: PuffleRequestContext) async throws -> Response {
        let token = try context.pathParameter("token")
        guard let id = AttachmentLinks.attachmentId(token: token, verifiedBy: try await keys.token(), now: clock.now()) else {
            throw PuffleError.refused(code: "invalid_token", kind: .rejected, message: "This link is not valid: it was altered, not issued here, or has expired; read the message again for a fresh one")
        }
        let (attachment, data) = try await unibox.attachment(id: id, workspaceId: nil)
        var headers = HTTPFields()
        // The type came from whoever sent the mail: served as a download, never run as a page of this server.
        headers[.contentType] = Self.safeTypes.contains(attachment.contentType.lowercased()) ? attachment.contentType : "application/octet-stream"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Content-Security-Policy")!] = "sandbox; default-src 'none'"
        headers[.contentDisposition] = "attachment; filename*=UTF-8''" + Self.percentEncoded(attachment.fileName)
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Types a browser shows without running anything of the sender's.
    static let safeTypes: Set<String> = [
        "application/pdf", "text/plain", "text/csv", "image/png", "image/jpeg", "image/gif", "image/webp", "application/zip",
        "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "message/rfc822", "text/calendar",
    ]

    /// RFC 5987 encoding of a file name: unreserved characters as they are, the rest as %XX of UTF-8.
    static func percentEncoded(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "-._~".utf8.contains(byte) {
                out.append(Character(Unicode.Scalar(byte)))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded
            }
        }
        return out
    }
}

private extension String {
    var leftPadded: String { count == 1 ? "0" + self : self }
}

import Crypto
import Foundation
import NIOCore
import PuffleCore

/// Reads a mailbox's new mail over IMAP: SELECT INBOX, start over when UIDVALIDITY changed, UID
/// SEARCH past the cursor, UID FETCH in batches with bodies cut at a cap, each message read by the
/// MIME reader. Memory holds one batch, however large the mailbox.
public struct IMAPMailboxReader: MailboxReader {
    /// Messages per UID FETCH and per stored batch.
    public var batchSize: Int
    /// The most of a message read; a longer one is stored as far as it goes.
    public var maxMessageBytes: Int
    /// The most bytes one batch holds (each message counted up to `maxMessageBytes`): with large
    /// messages a batch is smaller, so memory stays bounded whatever the mailbox holds.
    public var maxBatchBytes = 32 << 20
    public var stepTimeout: TimeAmount
    /// The clock for messages without a Date header.
    let clock: any WallClock

    public init(clock: any WallClock, batchSize: Int = 200, maxMessageBytes: Int = 10 << 20, stepTimeout: TimeAmount = .seconds(60)) {
        self.clock = clock
        self.batchSize = batchSize
        self.maxMessageBytes = maxMessageBytes
        self.stepTimeout = stepTimeout
    }

    public func read(
        _ server: MailServerSettings, from cursor: MailboxCursor,
        deliver: @Sendable ([InboundMail], MailboxCursor) async throws -> Void
    ) async throws -> MailboxCursor {
        let client = IMAPClient(server: server, stepTimeout: stepTimeout, maxLiteralBytes: maxMessageBytes + 65_536)
        do {
            return try await client.withSession { session in
                let mailbox = try await session.select("INBOX")
                var position = MailboxSync.resume(cursor, uidValidity: mailbox.uidValidity)
                position.loginFailures = 0
                position = try await readNew(&session, from: position, deliver: deliver)
                // Everything below UIDNEXT was there to read (or was deleted meanwhile): the cursor
                // passes it, so gone mail never looks new again.
                if let next = mailbox.uidNext, next > 0 { position.lastUID = max(position.lastUID, next - 1) }
                return position
            }
        } catch let error as IMAPError {
            throw Self.readError(error)
        }
    }

    static func readError(_ error: IMAPError) -> MailboxReadError {
        error.isLoginFailure ? .loginRefused(error.description) : .failed(error.description)
    }

    public func waitForNewMail(_ server: MailServerSettings, beyond cursor: MailboxCursor, for duration: Duration) async throws -> IdleOutcome {
        let client = IMAPClient(server: server, stepTimeout: stepTimeout, maxLiteralBytes: 1 << 20)
        do {
            return try await client.withSession { session in
                let mailbox = try await session.select("INBOX")
                // Mail that came while nobody waited (or before the first wait) is news already.
                // (A mailbox never read, or renumbered, counts from its start.)
                let known = mailbox.uidValidity == cursor.uidValidity ? cursor.lastUID : 0
                if (mailbox.uidNext ?? 0) > known &+ 1 { return .newMail }
                guard session.capabilities.contains("IDLE") else { return .notOffered }
                let seconds = max(1, duration.components.seconds)
                return try await session.idle(for: .seconds(seconds)) ? .newMail : .quiet
            }
        } catch let error as IMAPError {
            throw Self.readError(error)
        }
    }

    func readNew(
        _ session: inout IMAPSession, from cursor: MailboxCursor, deliver: @Sendable ([InboundMail], MailboxCursor) async throws -> Void
    ) async throws -> MailboxCursor {
        var position = cursor
        let uids = try await session.searchUIDs(from: position.lastUID &+ 1)
        var start = 0
        while start < uids.count {
            let candidates = Array(uids[start..<min(start + batchSize, uids.count)])
            let sizes = try await session.sizes(uids: candidates)
            var chunk: [UInt32] = []
            var bytes = 0
            for uid in candidates {
                let size = min(sizes[uid] ?? maxMessageBytes, maxMessageBytes)
                if !chunk.isEmpty, bytes + size > maxBatchBytes { break }
                chunk.append(uid)
                bytes += size
            }
            var batch: [InboundMail] = []
            batch.reserveCapacity(chunk.count)
            let now = clock.now()
            try await session.fetch(uids: chunk, maxBytes: maxMessageBytes) { fetched in
                batch.append(InboundMail(fetched, readAt: now).withoutNULs)
            }
            position.lastUID = chunk.last ?? position.lastUID
            try await deliver(batch, position)
            start += chunk.count
        }
        return position
    }
}

extension InboundMail {
    /// Core's reading of a fetched message.
    init(_ fetched: IMAPFetchedMessage, readAt: Timestamp) {
        let mail = ReceivedMail(fetched.body)
        let signals = ["auto-submitted", "precedence", "x-autoreply", "x-autorespond", "x-auto-response-suppress", "x-ms-exchange-inbox-rules-loop"]
        var found: [String: String] = [:]
        for name in signals { if let value = mail.headers[name] { found[name] = value } }
        let report = MIMEFieldValue(mail.headers["Content-Type"] ?? "text/plain")
        self.init(
            messageId: mail.messageID ?? Self.madeUpId(fetched.body), inReplyTo: mail.inReplyTo, references: mail.references,
            returnedMessageIds: mail.returnedMessageIDs, fromAddress: mail.from?.address, fromName: mail.from?.name, to: mail.to.map(\.address),
            cc: mail.cc.map(\.address), subject: mail.subject, text: mail.text ?? mail.html.map(Self.plainText) ?? "", html: mail.html,
            sentAt: Self.sentAt(dateHeader: mail.date.map(Timestamp.init(milliseconds:)), readAt: readAt), signals: found,
            failedRecipients: mail.deliveryStatuses.filter { $0.action == "failed" }.compactMap(\.recipient),
            isDeliveryReport: report.value == "multipart/report" && report.parameters["report-type"]?.lowercased() == "delivery-status",
            attachments: mail.attachments.map { AttachmentFile(fileName: $0.fileName, contentType: $0.contentType, data: $0.data) },
            truncated: fetched.isTruncated)
    }

    /// An id for a message without a Message-ID, the same on every read of the same bytes.
    static func madeUpId(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined() + "@no-message-id.invalid"
    }

    /// HTML's text, tags dropped and entities of the common kind read, for a message with no plain part.
    static func plainText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<br\\s*/?>|</p>|</div>", with: "\n", options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        for (entity, character) in ["&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'"] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

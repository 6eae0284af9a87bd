import Foundation
import HTTPTypes
import Hummingbird
import PuffleCore

/// Drafts and sends: `POST /api/threads`, `POST /api/threads/{id}/messages`.
extension ThreadController {
    @Sendable func create(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let draft = try ThreadDraftInput(body)
        guard draft.touchesAnything else {
            throw PuffleError.invalidRequest("Give at least one of account_id, participant_email, participant_name or a draft_ field")
        }
        let accountId = try await sendableSender(draft.accountId ?? nil, workspaceId: caller.workspaceId)
        let now = clock.now()
        var thread = UniboxThread(
            id: SortableID.make(), workspaceId: caller.workspaceId, accountId: accountId, channel: .email, status: .draft, origin: .oneOff,
            participantName: nil, participantEmail: nil, createdAt: now, updatedAt: now)
        draft.apply(to: &thread)
        thread.draft.attachments = try await attachments(draft.attachmentIds ?? nil, workspaceId: caller.workspaceId)
        if let conflict = try await duplicate(of: thread) { return conflict }
        let created = try await unibox.createThread(thread)
        return Reply(["thread": UniboxJSON.thread(created, links: try await links(), now: clock.now())], status: .created)
    }

    /// The answer of an earlier send with the same Idempotency-Key: its message and the thread now.
    func replay(_ messageId: String, workspaceId: String) async throws -> Reply {
        let earlier = try await unibox.message(id: messageId, workspaceId: workspaceId)
        guard earlier.delivery != .sending else {
            throw PuffleError.refused(code: "send_in_progress", kind: .stateConflict, message: "The first request with this Idempotency-Key is still sending")
        }
        let current = try await unibox.thread(id: earlier.threadId, workspaceId: workspaceId, markRead: false)
        return Reply(["message": UniboxJSON.message(earlier, links: try await links(), now: clock.now()), "thread": UniboxJSON.thread(current)])
    }

    /// The workspace's uploads these ids name, in order, with their bytes. - Throws: `invalid_request` for an unknown id.
    func uploaded(_ ids: [String], workspaceId: String) async throws -> [(attachment: MessageAttachment, data: [UInt8])] {
        var found: [(attachment: MessageAttachment, data: [UInt8])] = []
        for id in ids {
            do {
                found.append(try await unibox.attachment(id: id, workspaceId: workspaceId))
            } catch let error as PuffleError where error.code == "not_found" {
                throw PuffleError.invalidRequest("attachments: no uploaded attachment \(id) in this workspace (POST /api/threads/attachments first)")
            }
        }
        return found
    }

    /// The metadata of a draft's uploads; nil when the body did not name them.
    func attachments(_ ids: [String]?, workspaceId: String) async throws -> [MessageAttachment]? {
        guard let ids else { return nil }
        return try await uploaded(ids, workspaceId: workspaceId).map(\.attachment)
    }

    /// 409 with `existing_thread` and `existing_threads` when the thread's sender already has an
    /// active or draft email thread with its participant; nil otherwise.
    func duplicate(of thread: UniboxThread) async throws -> Reply? {
        guard let accountId = thread.accountId, let email = thread.participantEmail else { return nil }
        let filter = ThreadFilter(statuses: [.active, .draft], channel: .email, accountId: accountId, participantEmail: email, excludeThreadId: thread.id)
        let (existing, _) = try await unibox.threads(workspaceId: thread.workspaceId, filter: filter, page: 1, limit: 20)
        guard let first = existing.first else { return nil }
        return Reply(
            [
                "error": ["code": "conflict", "message": .string("Sender \(accountId) already has a thread with \(email): send there instead")],
                "existing_thread": UniboxJSON.thread(first), "existing_threads": .array(existing.map { UniboxJSON.thread($0) }),
            ], status: .conflict)
    }

    /// The sender an `account_id` names, if it is an email sender of the workspace that can send.
    func sendableSender(_ accountId: String?, workspaceId: String) async throws -> String? {
        guard let accountId else { return nil }
        let account: SenderAccount
        do {
            account = try await senders.account(id: accountId, workspaceId: workspaceId)
        } catch let error as PuffleError where error.code == "not_found" {
            throw PuffleError.invalidRequest("account_id: no sender \(accountId) in this workspace")
        }
        guard account.type == .email, account.emailAddress != nil else { throw PuffleError.invalidRequest("account_id: \(accountId) is not an email sender") }
        guard account.status.isSendable else {
            throw PuffleError.invalidRequest("account_id: sender \(accountId) cannot send now (status \(account.status.rawValue))")
        }
        return accountId
    }

    @Sendable func send(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let value = try await request.decodeJSON(as: JSONValue.self, context: context)
        let sendRequest = try Self.sendRequest(value.objectValue ?? [:])
        let idempotency = try Self.idempotency(request, body: value)
        let summary = try await unibox.thread(id: try context.pathParameter("id"), workspaceId: caller.workspaceId, markRead: false)
        // A retry answers the first send before anything is checked again: the thread or its
        // sender may have changed since, and the email already went.
        if let idempotency, let earlierId = try await unibox.earlierSend(idempotency, workspaceId: caller.workspaceId) {
            return try await replay(earlierId, workspaceId: caller.workspaceId)
        }
        let thread = summary.thread
        let messages = try await unibox.latestMessages(threadId: thread.id, workspaceId: caller.workspaceId, limit: 200)
        var sender: SenderAccount?
        if let given = sendRequest.accountId {
            sender = try await senders.account(id: try await sendableSender(given, workspaceId: caller.workspaceId) ?? given, workspaceId: caller.workspaceId)
        } else if let accountId = thread.accountId {
            sender = try? await senders.account(id: accountId, workspaceId: caller.workspaceId)
        }
        let domain = sender?.emailAddress.map { String($0.split(separator: "@").last ?? "") } ?? "localhost"
        let plan = try ThreadSending.plan(sendRequest, thread: thread, messages: messages, sender: sender, messageId: "\(SortableID.make())@\(domain)")
        guard let mailer = mail.mailer else {
            throw PuffleError.refused(code: "mail_not_configured", kind: .notConfigured, message: "This server has no mailer to send with")
        }
        // The request's files, else a new email's draft files.
        let ids = sendRequest.attachmentIds.isEmpty && plan.mode == .newThread ? (thread.draft.attachments ?? []).map(\.id) : sendRequest.attachmentIds
        let uploads = try await uploaded(ids, workspaceId: caller.workspaceId)
        let files = uploads.map { AttachmentFile(fileName: $0.attachment.fileName, contentType: $0.attachment.contentType, data: $0.data) }
        let attached = uploads.map(\.attachment)
        let now = clock.now()
        var message = ThreadMessage(
            id: SortableID.make(), threadId: thread.id, workspaceId: caller.workspaceId, campaignId: nil, direction: .outbound, messageType: .message,
            subject: plan.email.subject, bodyText: plan.email.text, bodyHtml: plan.email.html, senderName: plan.fromName,
            senderIdentifier: plan.fromAddress, messageId: plan.email.messageId, inReplyTo: plan.email.inReplyTo, references: plan.email.references,
            cc: plan.cc.isEmpty ? nil : plan.cc.joined(separator: ", "), bcc: plan.bcc.isEmpty ? nil : plan.bcc.joined(separator: ", "),
            delivery: .sending, sentAt: now, createdAt: now)
        message.attachments = attached
        // Opened before the record: a failure here must leave nothing `sending` that never went.
        let credentials = try await senders.credentials(accountId: plan.accountId, workspaceId: caller.workspaceId)
        if case .replayed(let earlierId) = try await unibox.recordSend(message, idempotency: idempotency) {
            return try await replay(earlierId, workspaceId: caller.workspaceId)
        }
        // Recorded first, sent outside any transaction, confirmed after: a crash in between leaves
        // the message `sending`, never sent twice.
        var outgoing = OutgoingEmail(
            fromAddress: plan.fromAddress, fromName: plan.fromName, to: plan.to, toName: plan.toName, cc: plan.cc, bcc: plan.bcc, email: plan.email,
            unsubscribe: nil)
        outgoing.attachments = files
        let outcome = await mailer.send([outgoing], as: credentials).first ?? .deferred("the mailer answered nothing")
        let delivery: MessageDelivery?
        switch outcome {
        case .accepted: delivery = .sent
        case .unknown: delivery = .unknown
        case .bounced, .deferred: delivery = nil
        }
        let updated: ThreadSummary
        do {
            updated = try await unibox.confirmSend(messageId: message.id, workspaceId: caller.workspaceId, delivery: delivery, accountId: plan.accountId, now: clock.now())
        } catch where delivery != nil {
            // The server took the email; only our record of it failed. It stays `sending`, so a retry with the
            // same Idempotency-Key is refused (send_in_progress) rather than sent again.
            throw PuffleError.refused(
                code: "sent_not_saved", kind: .internalFailure,
                message: "The message was sent but could not be saved: do not retry the send (the recipient may have it). Message-ID \(plan.email.messageId)")
        }
        guard delivery != nil else {
            let detail: String
            switch outcome {
            case .bounced(let text), .deferred(let text): detail = text
            default: detail = "\(outcome)"
            }
            throw PuffleError.refused(code: "smtp_send_failed", kind: .upstreamFailed, message: "The SMTP server did not take the message: \(detail)")
        }
        let sent = try await unibox.message(id: message.id, workspaceId: caller.workspaceId)
        return Reply(["message": UniboxJSON.message(sent, links: try await links(), now: clock.now()), "thread": UniboxJSON.thread(updated)])
    }

    static func sendRequest(_ body: JSONObject) throws -> ThreadSendRequest {
        guard case .string(let text)? = body["body_text"] else { throw PuffleError.invalidRequest("body_text: required") }
        var request = ThreadSendRequest(bodyText: text)
        request.bodyHtml = body["body_html"]?.stringValue
        request.subject = body["subject"]?.stringValue
        request.accountId = body["account_id"]?.stringValue
        if let mode = body["threading_mode"]?.stringValue {
            guard let parsed = ThreadingMode(rawValue: mode) else { throw PuffleError.invalidRequest("threading_mode: must be new_thread or reply") }
            request.threadingMode = parsed
        }
        request.cc = addresses(body["cc"]?.stringValue)
        request.bcc = addresses(body["bcc"]?.stringValue)
        request.attachmentIds = try attachmentIds(body["attachments"], field: "attachments") ?? []
        return request
    }

    /// The ids of an `attachments` / `draft_attachments` array (the upload's metadata objects, or their ids).
    static func attachmentIds(_ value: JSONValue?, field: String) throws -> [String]? {
        guard let value, value != .null else { return nil }
        guard let items = value.arrayValue else { throw PuffleError.invalidRequest("\(field): must be an array of uploaded attachments") }
        return try items.map { item in
            guard let id = item.objectValue?["id"]?.stringValue ?? item.stringValue else {
                throw PuffleError.invalidRequest("\(field): each item must be an uploaded attachment's object (with its id)")
            }
            return id
        }
    }

    static func addresses(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!

    /// The request's `Idempotency-Key` with a fingerprint of its body (keys sorted, so the same body matches).
    static func idempotency(_ request: Request, body: JSONValue) throws -> IdempotencyKey? {
        guard let key = request.headers[idempotencyHeader] else { return nil }
        guard !key.isEmpty, key.count <= 200 else { throw PuffleError.invalidRequest("Idempotency-Key: 1 to 200 characters") }
        let path = request.uri.path
        return IdempotencyKey(key: key, fingerprint: String(StableHash.fnv1a(path + "\n" + JSONWriter.string(body)), radix: 16))
    }
}

/// The draft fields of a create or PATCH body; each present key is set (null clears).
struct ThreadDraftInput: Sendable {
    var accountId: String??
    var participantEmail: String??
    var participantName: String??
    var subject: String??
    var bodyText: String??
    var bodyHtml: String??
    var cc: String??
    var bcc: String??
    /// `draft_attachments`: ids to resolve, or null to clear.
    var attachmentIds: [String]??

    init(_ body: JSONObject) throws {
        func field(_ name: String) -> String?? {
            guard let value = body[name] else { return nil }
            return .some(value.stringValue)
        }
        accountId = field("account_id")
        participantEmail = field("participant_email")
        if case .some(.some(let email)) = participantEmail {
            guard let normalized = EmailAddressRule.normalized(email) else { throw PuffleError.invalidRequest("participant_email: not an email address") }
            participantEmail = .some(normalized)
        }
        participantName = field("participant_name")
        subject = field("draft_subject")
        bodyText = field("draft_body_text")
        bodyHtml = field("draft_body_html")
        cc = field("draft_cc")
        bcc = field("draft_bcc")
        if let value = body["draft_attachments"] { attachmentIds = .some(try ThreadController.attachmentIds(value, field: "draft_attachments")) }
    }

    var touchesAnything: Bool {
        [accountId, participantEmail, participantName, subject, bodyText, bodyHtml, cc, bcc].contains { $0 != nil } || attachmentIds != nil
    }

    var touchesDraft: Bool {
        [participantEmail, participantName, subject, bodyText, bodyHtml, cc, bcc].contains { $0 != nil }
    }

    func apply(to thread: inout UniboxThread) {
        if let accountId { thread.accountId = accountId }
        if let participantEmail { thread.participantEmail = participantEmail }
        if let participantName { thread.participantName = participantName }
        if let subject { thread.draft.subject = subject }
        if let bodyText { thread.draft.bodyText = bodyText }
        if let bodyHtml { thread.draft.bodyHtml = bodyHtml }
        if let cc { thread.draft.cc = cc }
        if let bcc { thread.draft.bcc = bcc }
    }
}

import Foundation
import PuffleCore
import Testing

/// Core's Unibox rules as plain code: what an inbound message is, where it goes, what a thread
/// shows, and what a send becomes.
@Suite struct UniboxRulesTests {
    static let now = Timestamp(milliseconds: 1_796_287_862_000)

    static func mail(from: String = "ada@acme.example", subject: String = "Re: Quick question", inReplyTo: [String] = [], signals: [String: String] = [:],
                     failed: [String] = [], report: Bool = false) -> InboundMail {
        InboundMail(
            messageId: UUID().uuidString, inReplyTo: inReplyTo, fromAddress: from, subject: subject, text: "Hi", sentAt: now, signals: signals,
            failedRecipients: failed, isDeliveryReport: report)
    }

    static func match(status: ProspectStatus = .sent, stop: Bool = true) -> SentMessageMatch {
        SentMessageMatch(campaignId: "c1", prospectId: "p1", prospectEmail: "ada@acme.example", prospectStatus: status, stopOnReply: stop, messageId: "m1@acme", subject: "Quick question")
    }

    @Test func repliesAutoRepliesAndBouncesAreToldApart() {
        #expect(InboundClassifier.kind(of: Self.mail()) == .reply)
        #expect(InboundClassifier.kind(of: Self.mail(signals: ["auto-submitted": "auto-replied"])) == .autoReply)
        #expect(InboundClassifier.kind(of: Self.mail(signals: ["auto-submitted": "no"])) == .reply, "Auto-Submitted: no is a person")
        #expect(InboundClassifier.kind(of: Self.mail(subject: "Out of Office: Quick question")) == .autoReply)
        #expect(InboundClassifier.kind(of: Self.mail(subject: "Automatische Antwort: Frage")) == .autoReply)
        #expect(InboundClassifier.kind(of: Self.mail(signals: ["precedence": "bulk"])) == .autoReply)
        #expect(InboundClassifier.kind(of: Self.mail(from: "mailer-daemon@mx.example", failed: ["ada@acme.example"], report: true)) == .bounce)
        #expect(InboundClassifier.kind(of: Self.mail(from: "MAILER-DAEMON@mx.example", subject: "Undelivered Mail Returned to Sender")) == .bounce)
        #expect(InboundClassifier.kind(of: Self.mail(from: "mailer-daemon@mx.example", report: true)) == .autoReply, "a delay report bounced nothing")
    }

    @Test func routingFindsTheCampaignByThreadingThenByAddress() throws {
        let byId = ["m1@acme": Self.match()]
        let reply = try #require(InboundRouting.plan(Self.mail(inReplyTo: ["m1@acme"]), byMessageId: byId, byAddress: [:], mailbox: "sarah@acme.example"))
        #expect(reply.campaignId == "c1" && reply.prospectChange == .repliedAndStopped && reply.participantEmail == "ada@acme.example")
        let byAddress = try #require(InboundRouting.plan(Self.mail(), byMessageId: [:], byAddress: ["ada@acme.example": Self.match(stop: false)], mailbox: nil))
        #expect(byAddress.prospectChange == .repliedAndContinues)
        let ooo = try #require(InboundRouting.plan(Self.mail(inReplyTo: ["m1@acme"], signals: ["auto-submitted": "auto-replied"]), byMessageId: byId, byAddress: [:], mailbox: nil))
        #expect(ooo.kind == .autoReply && ooo.prospectChange == nil && ooo.campaignId == "c1")
        let bounce = try #require(InboundRouting.plan(
            Self.mail(from: "mailer-daemon@mx.example", failed: ["ada@acme.example"], report: true), byMessageId: [:], byAddress: ["ada@acme.example": Self.match()], mailbox: nil))
        #expect(bounce.participantEmail == "ada@acme.example" && bounce.prospectChange == .bounced(suppress: "ada@acme.example"))
        let strangerBounce = try #require(InboundRouting.plan(
            Self.mail(from: "mailer-daemon@mx.example", failed: ["who@else.example"], report: true), byMessageId: [:], byAddress: [:], mailbox: nil))
        #expect(strangerBounce.prospectChange == .bounced(suppress: "who@else.example") && strangerBounce.campaignId == nil)
        #expect(InboundRouting.plan(Self.mail(from: "sarah@acme.example"), byMessageId: [:], byAddress: [:], mailbox: "Sarah@acme.example") == nil, "our own copy")
        let late = try #require(InboundRouting.plan(Self.mail(inReplyTo: ["m1@acme"]), byMessageId: ["m1@acme": Self.match(status: .completed)], byAddress: [:], mailbox: nil))
        #expect(late.prospectChange == nil, "a finished prospect's state stays")
    }

    @Test func aThreadsStateFollowsItsMessages() {
        var thread = UniboxThread(id: "t", workspaceId: "w", accountId: "a", channel: .email, status: .active, origin: .campaign, participantName: nil,
                                  participantEmail: "ada@acme.example", createdAt: Self.now, updatedAt: Self.now)
        #expect(thread.inboxState == .empty)
        func message(_ direction: MessageDirection, _ type: ThreadMessageType = .message, at offset: Int64) -> ThreadMessage {
            ThreadMessage(id: UUID().uuidString, threadId: "t", workspaceId: "w", campaignId: nil, direction: direction, messageType: type, subject: "S",
                          bodyText: "text   with\\nspace", bodyHtml: nil, senderName: nil, senderIdentifier: nil, messageId: nil,
                          sentAt: Timestamp(milliseconds: Self.now.milliseconds + offset), createdAt: Self.now)
        }
        thread = thread.adding(message(.outbound, at: 0))
        #expect(thread.inboxState == .sentCampaign)
        thread = thread.adding(message(.inbound, .autoReply, at: 10))
        #expect(thread.inboxState == .sentCampaign && thread.unreadCount == 0, "an out-of-office asks for nothing")
        thread = thread.adding(message(.inbound, at: 20))
        #expect(thread.inboxState == .needsReply && thread.unreadCount == 1 && thread.lastMessageSnippet == "text with\\nspace")
        let older = thread.adding(message(.outbound, at: -5))
        #expect(older.inboxState == .needsReply, "an older message never becomes the newest")
        thread = thread.adding(message(.outbound, at: 30))
        #expect(thread.inboxState == .activeThread)
        thread.status = .archived
        #expect(thread.inboxState == .archived)
        #expect(thread.adding(message(.inbound, at: 40)).status == .active, "writing to an archived thread brings it back")
    }

    @Test func aSendIsPlannedOrRefusedBeforeAnythingIsRecorded() throws {
        let sender = SenderAccount(
            id: "s", workspaceId: "w", type: .email, displayName: "Sarah", status: .active, warmupStatus: .active, emailAddress: "sarah@acme.example",
            domain: nil, firstName: nil, lastName: nil, signature: nil, dailyLimit: 30, smtp: nil, imap: nil, lastError: nil, warmupStartedAt: nil,
            createdAt: Self.now, updatedAt: Self.now)
        let thread = UniboxThread(id: "t", workspaceId: "w", accountId: "s", channel: .email, status: .active, origin: .campaign, participantName: "Ada",
                                  participantEmail: "ada@acme.example", subject: "Quick question", createdAt: Self.now, updatedAt: Self.now)
        let inbound = ThreadMessage(id: "i", threadId: "t", workspaceId: "w", campaignId: nil, direction: .inbound, messageType: .message,
                                    subject: "Re: Quick question", bodyText: "Yes", bodyHtml: nil, senderName: nil, senderIdentifier: nil,
                                    messageId: "in@acme", references: ["out@acme"], sentAt: Self.now, createdAt: Self.now)
        let reply = try ThreadSending.plan(ThreadSendRequest(bodyText: "Great <b>"), thread: thread, messages: [inbound], sender: sender, messageId: "new@acme")
        #expect(reply.mode == .reply && reply.email.inReplyTo == "in@acme" && reply.email.references == ["out@acme", "in@acme"])
        #expect(reply.email.subject == "Re: Quick question" && reply.email.html?.contains("&lt;b&gt;") == true)
        let fresh = try ThreadSending.plan(ThreadSendRequest(bodyText: "Hi", subject: "New topic", threadingMode: .newThread), thread: thread, messages: [inbound], sender: sender, messageId: "n@acme")
        #expect(fresh.email.inReplyTo == nil && fresh.email.subject == "New topic")
        #expect(throws: PuffleError.self) { try ThreadSending.plan(ThreadSendRequest(bodyText: " "), thread: thread, messages: [], sender: sender, messageId: "x") }
        #expect(throws: PuffleError.self) { try ThreadSending.plan(ThreadSendRequest(bodyText: "Hi"), thread: thread, messages: [], sender: nil, messageId: "x") }
        var paused = sender
        paused.status = .error
        #expect(throws: PuffleError.self) { try ThreadSending.plan(ThreadSendRequest(bodyText: "Hi"), thread: thread, messages: [inbound], sender: paused, messageId: "x") }
        #expect(throws: PuffleError.self) {
            try ThreadSending.plan(ThreadSendRequest(bodyText: "Hi", threadingMode: .reply), thread: thread, messages: [], sender: sender, messageId: "x")
        }
        var sending = inbound
        sending.delivery = .sending
        #expect(ThreadSending.delivery(of: sending, now: Self.now) == .sending)
        #expect(ThreadSending.delivery(of: sending, now: Timestamp(milliseconds: Self.now.milliseconds + 16 * 60_000)) == .unknown)
    }

    @Test func nulCharactersNeverReachTheStore() {
        var mail = Self.mail(subject: "a\0b")
        mail.text = "x\0y"
        mail.attachments = [AttachmentFile(fileName: "f\0.txt", contentType: "text/plain", data: [0])]
        let clean = mail.withoutNULs
        #expect(clean.subject == "ab" && clean.text == "xy" && clean.attachments.first?.fileName == "f.txt" && clean.attachments.first?.data == [0])
    }

    @Test func aRenumberedMailboxIsReadFromTheStart() {
        let cursor = MailboxCursor(uidValidity: 7, lastUID: 120, loginFailures: 1)
        #expect(MailboxSync.resume(cursor, uidValidity: 7) == cursor)
        #expect(MailboxSync.resume(cursor, uidValidity: 8) == MailboxCursor(uidValidity: 8, lastUID: 0, loginFailures: 1))
        #expect(InboundMail.sentAt(dateHeader: Timestamp(milliseconds: Self.now.milliseconds + 60_000), readAt: Self.now) == Self.now)
    }
}

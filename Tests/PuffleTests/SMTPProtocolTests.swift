import PuffleMail
import Testing

/// The SMTP protocol's pure parts: replies, capabilities, outcomes, commands and DATA.
@Suite struct SMTPProtocolTests {
    @Test func multilineRepliesAndTheirCapabilities() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.consume("250-mail.acme.example Hello") == nil)
        #expect(try parser.consume("250-PIPELINING") == nil)
        #expect(try parser.consume("250-SIZE 10240000") == nil)
        #expect(try parser.consume("250-AUTH PLAIN LOGIN") == nil)
        let reply = try #require(try parser.consume("250 STARTTLS"))
        let capabilities = SMTPCapabilities(ehlo: reply)
        #expect(capabilities.pipelining && capabilities.startTLS)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(capabilities.maxSize == 10_240_000)
        #expect(try parser.consume("550 5.1.1 <bounce@x> User unknown")?.enhanced == "5.1.1", "the parser starts a new reply")
    }

    @Test func malformedLinesAreRefused() {
        var parser = SMTPReplyParser()
        for line in ["hello", "25", "999 nope", "250x", "2a0 x"] {
            #expect(throws: SMTPReplyParser.MalformedReply.self) { try parser.consume(line) }
        }
        var mixed = SMTPReplyParser()
        _ = try? mixed.consume("250-first")
        #expect(throws: SMTPReplyParser.MalformedReply.self, "a code that changes inside a reply") { try mixed.consume("251 second") }
    }

    @Test func outcomesKeepTheQueueIdAndSortFailures() {
        let reply = { (code: Int, text: String) in SMTPReply(code: code, enhanced: nil, lines: [text]) }
        #expect(SMTPOutcome.afterData(reply(250, "2.0.0 Ok: queued as 4F2A1C")) == .accepted(queueId: "4F2A1C"))
        #expect(SMTPOutcome.afterData(reply(250, "OK id=1x2y3z-000")) == .accepted(queueId: "1x2y3z-000"))
        #expect(SMTPOutcome.afterData(reply(250, "OK")) == .accepted(queueId: nil))
        #expect(SMTPOutcome.afterData(reply(452, "try later")) == .transient(reply(452, "try later")))
        #expect(SMTPOutcome.afterData(reply(554, "spam")) == .permanent(reply(554, "spam")))
        guard case .unknown = SMTPOutcome.afterData(reply(354, "go on")) else {
            Issue.record("a stray 354 after the dot must not read as safe to resend")
            return
        }
        #expect(SMTPOutcome.refused(reply(550, "no such user")) == .permanent(reply(550, "no such user")))
        #expect(SMTPOutcome.refused(reply(451, "greylisted")) == .transient(reply(451, "greylisted")))
    }

    @Test func commandsAndData() throws {
        #expect(try SMTPCommand.mailFrom("sarah@acme.example") == "MAIL FROM:<sarah@acme.example>")
        #expect(throws: SMTPCommand.UnsafeAddress.self) { try SMTPCommand.rcptTo("x@y>\r\nRCPT TO:<z@w") }
        #expect(SMTPCommand.authPlain(username: "sarah", password: "s3cret") == "AUTH PLAIN AHNhcmFoAHMzY3JldA==")
        #expect(SMTPCommand.authLogin(username: "sarah", password: "s3cret") == ["c2FyYWg=", "czNjcmV0"])
        #expect(SMTPCommand.data("Subject: x\n\n.hidden\nend\n") == "Subject: x\r\n\r\n..hidden\r\nend\r\n.\r\n")
    }
}

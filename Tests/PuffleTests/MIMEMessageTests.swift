import Foundation
import PuffleMail
import Testing

/// Messages are checked by an independent reader: Python's `email` package parses what we render.
@Suite struct MIMEMessageTests {
    static func message() -> MIMEMessage {
        var message = MIMEMessage(
            from: MailAddress("sarah@acme.example", name: "Sarah Chén"), to: [MailAddress("jane@solaris.example", name: "Doe, Jane")],
            subject: "Grüße aus Berlin — a subject long enough to need more than one encoded word, with ümlauts",
            date: 1_796_287_862_000, messageID: "0193abc.step1@acme.example",
            text: "Hi Jane,\nline two has = and trailing space \nünd a very long line that goes on and on past seventy-six characters to need a soft break.\n",
            html: "<p>Hi Jane,</p><p>Grüße</p>")
        message.inReplyTo = "earlier@solaris.example"
        message.references = ["first@solaris.example", "earlier@solaris.example"]
        message.unsubscribe = .init(mailto: "unsubscribe+t1@acme.example", url: "https://puffle.example/u/t1")
        message.attachments = [.init(filename: "deck.pdf", contentType: "application/pdf", data: Array(0..<200).map { UInt8($0) })]
        return message
    }

    @Test func datesAndQuotedPrintableMatchPython() throws {
        let dates: [(Int64, String)] = [
            (1_796_287_862_000, "Thu, 03 Dec 2026 08:51:02 +0000"), (0, "Thu, 01 Jan 1970 00:00:00 +0000"),
            (951_782_400_000, "Tue, 29 Feb 2000 00:00:00 +0000"), (4_102_444_799_000, "Thu, 31 Dec 2099 23:59:59 +0000"),
        ]
        for (milliseconds, text) in dates { #expect(MIMEEncoding.date(milliseconds) == text) }
        let text = "Grüße, Zoë = 100%\ttab \nline two ends in a space \r\n" + String(repeating: "long line ", count: 20) + "\rlast\t"
        let encoded = MIMEEncoding.quotedPrintable(text)
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        let script = "import sys, quopri; sys.stdout.buffer.write(quopri.decodestring(sys.stdin.buffer.read()))"
        let decoded = String(decoding: try Self.python(script, input: encoded), as: UTF8.self)
        #expect(decoded == MIMEEncoding.normalizedLineBreaks(text))
    }

    @Test func pythonsEmailParserReadsEveryPartBack() throws {
        let rendered = Self.message().rendered()
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF line breaks only")
        #expect(rendered.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        let script = """
            import sys, json, email
            from email import policy
            m = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
            text = m.get_body(preferencelist=('plain',)).get_content()
            html = m.get_body(preferencelist=('html',)).get_content()
            files = [(p.get_filename(), p.get_content_type(), len(p.get_content())) for p in m.iter_attachments()]
            print(json.dumps({"subject": m["subject"], "from": str(m["from"]), "to": str(m["to"]), "text": text, "html": html,
              "files": files, "msgid": m["message-id"], "irt": m["in-reply-to"], "refs": m["references"],
              "unsub": m["list-unsubscribe"], "post": m["list-unsubscribe-post"], "defects": sum(len(p.defects) for p in m.walk()),
              "headers": sorted(set(k.lower() for k in m.keys()))}))
            """
        let data = try Self.python(script, input: rendered)
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let message = Self.message()
        #expect(parsed["subject"] as? String == message.subject)
        #expect(parsed["from"] as? String == "Sarah Chén <sarah@acme.example>")
        #expect(parsed["to"] as? String == "\"Doe, Jane\" <jane@solaris.example>")
        #expect((parsed["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == message.text)
        #expect((parsed["html"] as? String)?.trimmingCharacters(in: .newlines) == message.html)
        let files = parsed["files"] as? [[Any]]
        #expect(files?.first?[0] as? String == "deck.pdf")
        #expect(files?.first?[2] as? Int == 200)
        #expect(parsed["msgid"] as? String == "<0193abc.step1@acme.example>")
        #expect(parsed["irt"] as? String == "<earlier@solaris.example>")
        #expect(parsed["refs"] as? String == "<first@solaris.example> <earlier@solaris.example>")
        #expect(parsed["unsub"] as? String == "<mailto:unsubscribe+t1@acme.example>, <https://puffle.example/u/t1>")
        #expect(parsed["post"] as? String == "List-Unsubscribe=One-Click")
        #expect(parsed["defects"] as? Int == 0)
    }

    /// Runs a Python script with `input` on its standard input. - Returns: What it printed.
    static func python(_ script: String, arguments: [String] = [], input: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 failed")
        return data
    }

    @Test func headerInputsCannotAddHeaders() throws {
        var message = MIMEMessage(
            from: MailAddress("sarah@acme.example", name: "Evil\r\nBcc: spy@evil.example"), to: [MailAddress("jane@x.example>\r\nBcc: b@evil.example")],
            subject: "Hi\r\nBcc: c@evil.example", date: 0, messageID: "id\r\nBcc: d@evil.example", text: "x")
        message.inReplyTo = "a>\r\nBcc: e@evil.example"
        message.attachments = [.init(filename: "a\\\"b\r\nBcc: f", contentType: "text/plain\r\nBcc: g", data: [65])]
        let rendered = message.rendered()
        #expect(!rendered.lowercased().contains("\r\nbcc:"), "no CR LF from an input starts a header")
        let script = "import sys, email; from email import policy; m = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default); print(m['bcc'])"
        #expect(String(decoding: try Self.python(script, input: rendered), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "None")
    }

    @Test func renderingIsDeterministic() {
        #expect(Self.message().rendered() == Self.message().rendered(), "a resend or a DKIM signature sees the same bytes")
    }

    @Test func quotedPrintableKeepsLinesShortAndBytesSafe() {
        let encoded = MIMEEncoding.quotedPrintable(String(repeating: "é", count: 100) + " \nend")
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(encoded.contains("=20\r\nend"), "a space before a line break is encoded")
        #expect(MIMEEncoding.encodedWords("plain") == "plain")
        #expect(MIMEEncoding.encodedWords(String(repeating: "ü", count: 40)).split(separator: " ").allSatisfy { $0.count <= 75 })
    }
}

/// DKIM signatures are checked by an independent verifier: dkimpy, given the public key as its DNS answer.
@Suite struct DKIMSignerTests {
    @Test func dkimpyVerifiesTheSignatureAndCatchesATamperedBody() throws {
        let (pem, record) = try DKIMSigner.generateKey()
        let signer = try DKIMSigner(domain: "acme.example", selector: "puffle1", privateKeyPEM: pem)
        let signed = try signer.sign(MIMEMessageTests.message().rendered(), time: 1_796_287_862)
        #expect(try Self.verify(signed, record: record) == "True")
        let tampered = signed.replacingOccurrences(of: "line two", with: "line 2")
        #expect(try Self.verify(tampered, record: record) == "False")
    }

    static func verify(_ message: String, record: String) throws -> String {
        let script = """
            import sys, dkim
            record = sys.argv[1].encode()
            print(dkim.verify(sys.stdin.buffer.read(), dnsfunc=lambda name, timeout=5: record if name == b"puffle1._domainkey.acme.example." else None))
            """
        let data = try MIMEMessageTests.python(script, arguments: [record], input: message)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

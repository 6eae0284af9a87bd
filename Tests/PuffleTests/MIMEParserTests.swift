import Crypto
import Foundation
import PuffleMail
import Testing

/// The MIME reader against Python's `email` package on a corpus of real-shaped messages, and on
/// inputs built to break it.
@Suite struct MIMEParserTests {
    struct Reference: Decodable {
        struct File: Decodable, Equatable {
            var name: String?
            var type: String
            var size: Int
            var sha256: String
        }
        var subject: String?
        var from: String?
        var from_name: String?
        var to: [String]
        var message_id: String?
        var text: String?
        var html: String?
        var attachments: [File]
    }

    struct ReferenceFailed: Error {
        var status: Int32
        var output: String
    }

    /// What `scripts/mime_reference.py` makes of the corpus.
    static func references() throws -> [Reference] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("puffle-mime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (name, bytes) in MIMECorpus.all {
            let path = directory.appendingPathComponent("\(name).eml").path
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            paths.append(path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/mime_reference.py").path
        process.arguments = ["python3", script] + paths
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ReferenceFailed(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self)) }
        return try JSONDecoder().decode([Reference].self, from: data)
    }

    @Test func theCorpusReadsAsPythonsEmailPackageReadsIt() throws {
        let references = try Self.references()
        #expect(references.count == MIMECorpus.all.count)
        // Python found the two files of the nested message and the bodies of the first: the comparison has substance.
        #expect(references[3].attachments.count == 2 && references[0].text?.hasPrefix("Schön") == true)
        for ((name, bytes), reference) in zip(MIMECorpus.all, references) {
            let mail = ReceivedMail(bytes)
            #expect(mail.subject == reference.subject, "\(name)")
            #expect(mail.from?.address == reference.from, "\(name)")
            #expect(mail.from?.name == reference.from_name, "\(name)")
            #expect(mail.to.map(\.address) == reference.to, "\(name)")
            #expect(mail.messageID == reference.message_id, "\(name)")
            #expect(mail.text == reference.text, "\(name)")
            #expect(mail.html == reference.html, "\(name)")
            let files = mail.attachments.filter { $0.contentType != "text/plain" || $0.fileName != "attachment" }.map {
                Reference.File(name: $0.fileName, type: $0.contentType, size: $0.data.count, sha256: SHA256.hash(data: Data($0.data)).map { String(format: "%02x", $0) }.joined())
            }
            #expect(files == reference.attachments, "\(name)")
        }
    }

    @Test func headersThreadingAndDatesAreRead() {
        let mail = ReceivedMail(MIMECorpus.quotedPrintableUTF8)
        #expect(mail.inReplyTo == ["0193-step-1@acme.example"])
        #expect(mail.references == ["0193-step-0@acme.example", "0193-step-1@acme.example"])
        #expect(mail.date == 1_796_285_700_000)
        #expect(mail.from?.address == "juergen@solaris.example")
    }

    @Test func aDeliveryStatusNotificationNamesTheFailedRecipientAndTheReturnedMessage() {
        let mail = ReceivedMail(MIMECorpus.deliveryStatus)
        #expect(mail.deliveryStatuses == [
            ReceivedMail.DeliveryStatus(
                recipient: "gone@solaris.example", action: "failed", status: "5.1.1",
                diagnostic: "smtp; 550 5.1.1 <gone@solaris.example>: Recipient address rejected")
        ])
        #expect(mail.returnedMessageIDs == ["0193-step-9@acme.example"])
    }

    @Test func brokenInputIsReadAsFarAsItGoesAndSaysWhatWasWrong() {
        let mail = ReceivedMail(MIMECorpus.brokenBoundaries)
        #expect(mail.text == "Still readable.")
        #expect(mail.attachments.first?.data == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(mail.problems.contains { $0.contains("closing boundary") })
    }

    @Test func parameterAndWordEdgeCases() {
        let type = MIMEFieldValue("Attachment; FileName*=iso-8859-1'fr'caf%E9.txt; size=12; note=\"a;b \\\"c\\\"\"")
        #expect(type.value == "attachment")
        #expect(type.parameters["filename"] == "café.txt")
        #expect(type.parameters["note"] == "a;b \"c\"")
        // Whitespace between encoded words goes; around plain words it stays.
        #expect(MIMEDecoding.encodedWords("=?utf-8?q?a?= =?utf-8?q?b?= c =?utf-8?b?w6k=?=") == "ab c é")
        #expect(MIMEDecoding.encodedWords("=?utf-8?q?broken") == "=?utf-8?q?broken")
        #expect(MIMEDecoding.text([0xE8, 0xF9], charset: "iso-8859-2") == "čů")
        #expect(MIMEDecoding.text([0xA4], charset: "iso-8859-15") == "€")
        #expect(MIMEDecoding.text([0x80, 0x9C], charset: "cp1252") == "€œ")
        #expect(MIMEDecoding.text([0xC1], charset: "koi8-r") == "а")
        #expect(MIMEDecoding.text([0xFF, 0x41], charset: "x-unknown") == "ÿA")
        #expect(MIMEDecoding.quotedPrintable(Array("a=\r\nb=3D=ZZ=".utf8)) == Array("ab==ZZ".utf8))
        #expect(MIMEDecoding.base64(Array("aGVs\r\nbG8\n".utf8)) == Array("hello".utf8))
    }

    @Test func hostileHeadersAreReadWithoutTrapping() {
        #expect(MailDate.parse("Thu, 1 Jan 99999999999999999 00:00:00 +0000") == nil)
        #expect(MailDate.parse("1 Jan 2026 99999999999999999:00 +0000") == nil)
        #expect(MailDate.parse("Thu, 3 Dec 2026 18:53:00 -9999999999") != nil, "a zone out of range is ignored")
        #expect(MailAddressList.parse("a@b.example (Doe, John), c@d.example").map(\.address) == ["a@b.example", "c@d.example"])
        #expect(MailAddressList.parse("a@b.example (Doe, John)").first?.name == "Doe, John")
        // Stray `=?` by the thousand: the search for each word's end is bounded.
        let long = String(repeating: "=?x ", count: 20_000)
        #expect(MIMEDecoding.encodedWords(long).count == long.count)
    }

    @Test func aForwardedEmailIsAnAttachmentAndOnlyAReportReturnsAMessage() {
        let forward = MIMECorpus.crlf("""
            From: ada@acme.example
            Subject: Fwd: pricing
            Message-ID: <fwd-1@acme.example>
            Content-Type: multipart/mixed; boundary="f"

            --f
            Content-Type: text/plain

            See below.
            --f
            Content-Type: message/rfc822

            From: cfo@acme.example
            Subject: Pricing
            Message-ID: <inner@acme.example>

            The numbers.
            --f--
            """)
        let mail = ReceivedMail(forward)
        #expect(mail.text == "See below." && mail.returnedMessageIDs.isEmpty)
        #expect(mail.attachments.map(\.fileName) == ["Pricing.eml"] && mail.attachments.first?.contentType == "message/rfc822")
        #expect(ReceivedMail(MIMECorpus.deliveryStatus).returnedMessageIDs == ["0193-step-9@acme.example"])
    }

    /// Random bytes, shuffled corpus pieces and cut messages never crash the reader.
    @Test func arbitraryBytesNeverCrashTheReader() {
        var generator = SeededGenerator(seed: 2027)
        let pieces = MIMECorpus.all.map(\.bytes)
        for round in 0..<2_000 {
            var bytes: [UInt8]
            switch round % 3 {
            case 0: bytes = (0..<Int.random(in: 0...400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            case 1:
                let source = pieces.randomElement(using: &generator)!
                bytes = Array(source.prefix(Int.random(in: 0...source.count, using: &generator)))
            default:
                bytes = pieces.randomElement(using: &generator)!
                for _ in 0..<8 where !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            }
            let mail = ReceivedMail(bytes)
            _ = (mail.text, mail.attachments.count, mail.deliveryStatuses.count)
        }
    }
}

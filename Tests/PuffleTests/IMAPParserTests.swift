import PuffleMail
import Testing

/// The IMAP response reader over bytes as servers send them (RFC 9051's examples and dovecot's).
@Suite struct IMAPParserTests {
    private func parse(_ text: String) throws -> [IMAPResponse] {
        var parser = IMAPResponseParser()
        parser.append(Array(text.utf8))
        var responses: [IMAPResponse] = []
        while let response = try parser.next() { responses.append(response) }
        return responses
    }

    @Test func statusResponsesKeepTheirCodeAndFreeText() throws {
        let responses = try parse("* OK [UIDVALIDITY 3857529045] UIDs valid (really)\r\nA1 OK [READ-WRITE] SELECT completed.\r\n* BYE see you\r\nA2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n")
        #expect(responses == [
            .untaggedStatus(status: .ok, code: IMAPResponseCode(name: "UIDVALIDITY", values: [.number(3_857_529_045)]), text: "UIDs valid (really)"),
            .tagged(tag: "A1", status: .ok, code: IMAPResponseCode(name: "READ-WRITE"), text: "SELECT completed."),
            .untaggedStatus(status: .bye, code: nil, text: "see you"),
            .tagged(tag: "A2", status: .no, code: IMAPResponseCode(name: "AUTHENTICATIONFAILED"), text: "Authentication failed."),
        ])
    }

    @Test func codesHoldListsAndDataHoldsNumbersFlagsAndStrings() throws {
        let responses = try parse("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n* 23 EXISTS\r\n* SEARCH 2 84 882\r\n* LIST (\\HasNoChildren) \".\" \"INBOX\"\r\n")
        #expect(responses[0] == .untaggedStatus(status: .ok, code: IMAPResponseCode(name: "PERMANENTFLAGS", values: [.list([.atom("\\Deleted"), .atom("\\Seen"), .atom("\\*")])]), text: "Limited"))
        #expect(responses[1] == .untagged([.number(23), .atom("EXISTS")]))
        #expect(responses[2] == .untagged([.atom("SEARCH"), .number(2), .number(84), .number(882)]))
        #expect(try parse("* SEARCH \r\n") == [.untagged([.atom("SEARCH")])], "a trailing space is tolerated")
        #expect(responses[3] == .untagged([.atom("LIST"), .list([.atom("\\HasNoChildren")]), .string(Array(".".utf8)), .string(Array("INBOX".utf8))]))
    }

    @Test func aFetchWithALiteralWaitsForEveryByteOfIt() throws {
        let message = "Subject: caf\u{E9}\r\n\r\nHello (world) \"quoted\" {5}\r\n"
        let count = message.utf8.count
        let wire = Array("* 12 FETCH (UID 4827 FLAGS (\\Seen) BODY[HEADER.FIELDS (SUBJECT FROM)]<0> {\(count)}\r\n".utf8) + Array(message.utf8) + Array(" INTERNALDATE NIL)\r\nA3 OK done\r\n".utf8)
        var parser = IMAPResponseParser()
        // Byte by byte: nothing until the response is whole, and then exactly it.
        var responses: [IMAPResponse] = []
        for byte in wire {
            parser.append([byte])
            while let response = try parser.next() { responses.append(response) }
        }
        #expect(responses.count == 2)
        #expect(responses[0] == .untagged([
            .number(12), .atom("FETCH"),
            .list([
                .atom("UID"), .number(4827), .atom("FLAGS"), .list([.atom("\\Seen")]),
                .atom("BODY[HEADER.FIELDS (SUBJECT FROM)]<0>"), .string(Array(message.utf8)), .atom("INTERNALDATE"), .nil,
            ]),
        ]))
        #expect(responses[1] == .tagged(tag: "A3", status: .ok, code: nil, text: "done"))
    }

    @Test func continuationsAndEscapes() throws {
        #expect(try parse("+ idling\r\n") == [.continuation("idling")])
        #expect(try parse("+\r\n") == [.continuation("")])
        #expect(try parse("* LIST () \"/\" \"a \\\"b\\\" \\\\ c\"\r\n") == [.untagged([.atom("LIST"), .list([]), .string(Array("/".utf8)), .string(Array("a \"b\" \\ c".utf8))])])
    }

    @Test func badInputIsRefusedNotGuessed() {
        let bad = [
            "A1 PREAUTH nope\r\n", "* LIST \"unterminated\r\n", "* 1 FETCH (BODY[HEADER {3}\r\nabc)\r\n", "A1\tOK x\r\n",
            "* 1 FETCH ({x}\r\n)\r\n", "* OK [CODE x\r\n", "\r\n",
        ]
        for text in bad {
            #expect(throws: IMAPResponseParser.Malformed.self, "\(text.debugDescription)") { _ = try self.parse(text) }
        }
        var small = IMAPResponseParser(maxLiteralBytes: 10)
        small.append(Array("* 1 FETCH (BODY[] {11}\r\n".utf8))
        #expect(throws: IMAPResponseParser.Malformed.self) { _ = try small.next() }
        let deep = "* X " + String(repeating: "(", count: 100) + String(repeating: ")", count: 100) + "\r\n"
        #expect(throws: IMAPResponseParser.Malformed.self) { _ = try self.parse(deep) }
    }

    /// Pieces of real responses, shuffled and cut anywhere: the reader answers, asks for more or
    /// refuses, and never traps or loops.
    @Test func anyBytesAreAnsweredRefusedOrWaitedFor() {
        let pieces = ["* ", "A1 ", "OK ", "FETCH ", "(", ")", "{3}\r\n", "abc", "\"", "\\", "[", "]", "BODY[", "NIL", "12 ", "\r\n", "\n", "~{2}\r\n", "\u{0}", "\u{FF}", " "]
        var generator = SeededGenerator(seed: 18)
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...24, using: &generator) { bytes += Array(pieces.randomElement(using: &generator)!.utf8) }
            var parser = IMAPResponseParser(maxLiteralBytes: 1000, maxLineBytes: 200)
            parser.append(bytes)
            var count = 0
            while count < 100, let response = try? parser.next() {
                _ = response
                count += 1
            }
            #expect(count < 100)
        }
    }

    @Test func incompleteInputAsksForMore() throws {
        for text in ["* 3 EXISTS", "* 1 FETCH (BODY[] {10}\r\nabc", "A1 OK [UIDNEXT 5", "* LIST \"half"] {
            var parser = IMAPResponseParser()
            parser.append(Array(text.utf8))
            #expect(try parser.next() == nil, "\(text.debugDescription)")
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failing case can be run again.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Commands as the server reads them: atoms, quoting and literals where each is needed.
@Suite struct IMAPCommandTests {
    private func text(_ command: IMAPCommand, literalPlus: Bool = false) -> [String] {
        command.segments(tag: "A7", literalPlus: literalPlus).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func argumentsAreAtomsQuotedOrLiterals() {
        #expect(text(.login(user: "jane@acme.com", password: "s3cret")) == ["A7 LOGIN jane@acme.com s3cret\r\n"])
        #expect(text(.login(user: "jane", password: "a \"b\" \\c")) == ["A7 LOGIN jane \"a \\\"b\\\" \\\\c\"\r\n"])
        #expect(text(.select(mailbox: "")) == ["A7 SELECT \"\"\r\n"])
        // 8-bit text waits for the server's go-ahead, unless the server takes LITERAL+.
        #expect(text(.login(user: "jane", password: "pässword")) == ["A7 LOGIN jane {9}\r\n", "pässword\r\n"])
        #expect(text(.login(user: "jane", password: "pässword"), literalPlus: true) == ["A7 LOGIN jane {9+}\r\npässword\r\n"])
    }

    @Test func searchesFetchesAndPlainAuthentication() {
        #expect(text(.uidSearch(fromUID: 0)) == ["A7 UID SEARCH UID 1:*\r\n"])
        #expect(text(.uidFetch(uids: [9, 3, 1, 2, 10, 7, 3], items: "UID FLAGS BODY.PEEK[]")) == ["A7 UID FETCH 1:3,7,9:10 (UID FLAGS BODY.PEEK[])\r\n"])
        // RFC 4616's example: authzid empty, "tim", "tanstaaftanstaaf".
        #expect(text(.authenticatePlain(user: "tim", password: "tanstaaftanstaaf")) == ["A7 AUTHENTICATE PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n"])
    }
}

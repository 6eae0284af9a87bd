import PuffleCore
import Testing

/// The hand-written JSON parser and writer (kept where the import and page benchmarks need them),
/// over the inputs that break JSON code: escapes, surrogates, depth, integers, bad bytes.
@Suite struct JSONCodecTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }
    func parse(bytes: [UInt8], strict: Bool = true) throws -> JSONValue { try JSONParser.parse(bytes, refusingControlCharacters: strict) }

    @Test func escapesRoundTripAndTheWriterEscapesWhatItMust() throws {
        let tricky = "quote \" backslash \\ slash / newline \n return \r tab \t bell \u{07} nul \u{00} é 中 😀"
        let written = JSONWriter.string(.string(tricky))
        #expect(written.contains("\\u0007") && written.contains("\\u0000") && written.contains("\\n") && written.contains("é 中 😀"))
        #expect(try parse(written) == .string(tricky))
        #expect(try parse(#""\u00e9\u4e2d\/\b\f""#) == .string("é中/\u{08}\u{0C}"))
        #expect(throws: JSONParser.SyntaxError.self) { try parse(#""\x41""#) }
        #expect(throws: JSONParser.SyntaxError.self) { try parse(#""\u12G4""#) }
    }

    @Test func surrogatePairsJoinAndUnpairedHalvesAreRefused() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\uD83D\uDE00""#) == .string("😀"), "upper-case hex")
        for unpaired in [#""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, #""\ud83dx""#] {
            #expect(throws: JSONParser.SyntaxError.self, "\(unpaired)") { try parse(unpaired) }
        }
    }

    @Test func nestingIsLimitedAndErrorsSayWhere() throws {
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try parse(deep) }
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONParser.SyntaxError.self) { try parse(tooDeep) }
        do {
            _ = try parse(#"{"a": [1, 2,]}"#)
            Issue.record("a trailing comma was accepted")
        } catch let error as JSONParser.SyntaxError {
            #expect(error.offset > 0 && !error.description.isEmpty)
        }
        for bad in ["", " ", "{", "[1,]", #"{"a" 1}"#, "{} x", "01", "1.", "1e", "+1", "NaN", "tru", "nul", "'a'", #"{"a":1,}"#] {
            #expect(throws: JSONParser.SyntaxError.self, "\(bad)") { try parse(bad) }
        }
    }

    @Test func integersKeepEveryDigitWithin64BitsAndNumbersStayFinite() throws {
        #expect(try parse("9223372036854775807") == .integer(Int64.max))
        #expect(try parse("-9223372036854775808") == .integer(Int64.min))
        #expect(try parse("1234567890123456789") == .integer(1_234_567_890_123_456_789))
        #expect(try parse("9223372036854775808") == .number(9_223_372_036_854_775_808), "past Int64 it is a double")
        #expect(try parse("-0") == .integer(0) && parse("2.50") == .number(2.5) && parse("1E3") == .number(1000))
        #expect(throws: JSONParser.SyntaxError.self) { try parse("1e400") }
        #expect(JSONWriter.string(.integer(Int64.max)) == "9223372036854775807")
        #expect(JSONWriter.string(.number(0.5)) == "0.5" && JSONWriter.string(.number(3)) == "3")
        #expect(try parse(JSONWriter.string(.number(1e20))) == .number(1e20))
    }

    @Test func badBytesAndControlCharactersAreRefusedWhenStrict() throws {
        #expect(throws: JSONParser.SyntaxError.self) { try parse(bytes: [0x22, 0xFF, 0x22]) }
        #expect(throws: JSONParser.SyntaxError.self) { try parse(bytes: [0x22, 0xC3, 0x22]) }
        #expect(throws: JSONParser.SyntaxError.self, "a raw control character, always") { try parse(bytes: Array("\"a\u{01}b\"".utf8), strict: false) }
        #expect(throws: JSONParser.SyntaxError.self, "an escaped one, when strict") { try parse(bytes: Array(#""a\u0001b""#.utf8)) }
        #expect(try parse(bytes: Array(#""a\u0001b""#.utf8), strict: false) == .string("a\u{01}b"))
        #expect(try parse(bytes: Array(#""a\tb\nc""#.utf8)) == .string("a\tb\nc"), "tab and line breaks stay allowed")
        #expect(try parse(bytes: Array("{\"k\":\t\"v\"\n}".utf8)) == ["k": "v"], "tabs and line breaks between tokens are whitespace")
        #expect(try parse(bytes: Array("\"é\"".utf8)) == .string("é"))
    }

    @Test func objectsKeepTheLastOfARepeatedKeyAndRoundTrip() throws {
        let value: JSONValue = ["list": [1, .number(2.5), "three", true, .null, ["nested": [:]]], "empty": [], "text": "x"]
        #expect(try parse(JSONWriter.string(value)) == value)
        #expect(try parse(#"{"a": 1, "a": 2}"#) == ["a": 2])
    }
}

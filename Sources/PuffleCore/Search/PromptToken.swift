/// A word, number or sign of a prompt, lowercased for matching with its spelling kept for names.
struct PromptToken: Sendable {
    /// Lowercased; "&" reads "and", "@" reads "at", a possessive "'s" is dropped.
    var text: String
    /// As written, for company and place names.
    var original: String
    /// A hash of `text`, so phrase tables compare integers instead of strings.
    var hash: UInt64
    /// The hash of `text` without a plural ending ("vps" → "vp", "agencies" → "agency"), or 0.
    var singularHash: UInt64 = 0
    /// The value of "50", "1,000", "10k" or "1.5k".
    var number: Int?
    /// A comma, slash or other sign stood between this token and the one before, so no phrase spans them.
    var afterPunctuation = false
    /// A hyphen joined this word to the one before ("co-founders"); phrases treat it as a space.
    var afterHyphen = false
    /// Starts with an uppercase letter or a digit ("Stripe", "3M").
    var isCapitalized = false
    /// Has no lowercase letter ("IBM", "US").
    var isAllCaps = false
    /// Has at least one letter, so it can be a keyword or a name.
    var hasLetter = false
    /// Letters only: no digits, dots or apostrophes.
    var isPlainWord = false

    /// Splits text into tokens with one hand-written scan of its UTF-8, so any input (emoji, 10 KB) is linear and safe.
    static func tokenize(_ prompt: String) -> [PromptToken] {
        var prompt = prompt
        return prompt.withUTF8 { bytes in
            var scanner = PromptScanner(bytes: bytes)
            scanner.scan()
            return scanner.tokens
        }
    }

    /// FNV-1a, continued from `seed`.
    static func hash(_ bytes: some Sequence<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        bytes.reduce(seed) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

/// The state of one tokenizing scan: the word being read and what has been seen of it.
private struct PromptScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var tokens: [PromptToken] = []
    /// Where the word being read starts and ends in `bytes`; its spelling as written is that slice.
    private var wordStart = 0
    private var wordEnd = 0
    /// No letter outside ASCII so far, so the word can be lowercased byte by byte.
    private var ascii = true
    private var capitalized = false
    private var lowercaseSeen = false
    private var letters = 0
    private var plain = true
    private var punctuation = false
    private var hyphen = false

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        tokens.reserveCapacity(min(bytes.count / 4 + 1, 1024))
    }

    private var inWord: Bool { wordEnd > wordStart }

    mutating func scan() {
        var offset = 0
        while offset < bytes.count {
            let (scalar, length) = decode(at: offset)
            defer { offset += length }
            if Self.isWordScalar(scalar) {
                append(scalar, length: length, at: offset)
                continue
            }
            let after = offset + length < bytes.count ? decode(at: offset + length).scalar : nil
            let inside = inWord && after.map(Self.isWordScalar) == true
            let digitBefore = inWord && Self.isDigit(bytes[wordEnd - 1])
            let digitAfter = after.map(Self.isDigit) == true
            switch scalar {
            case "'" where inside, "\u{2019}" where inside, "." where inside: appendJoiner(end: offset + length)
            case "," where inside && digitBefore && digitAfter: wordEnd = offset + length
            case "-", "\u{2013}", "\u{2014}":
                // "co-founders" is two words of one phrase; "50-200" keeps its dash for the headcount rule.
                let joins = inside && !digitBefore && !digitAfter
                flush()
                if joins { hyphen = true } else { emit("-", "-") }
            case "+", ">", "<", "~": flush(); emit(String(scalar), String(scalar))
            case "&": flush(); emit("and", "&")
            case "@": flush(); emit("at", "@")
            case " ", "\t", "\n", "\r": flush()
            default:
                flush()
                punctuation = true
            }
        }
        flush()
    }

    private mutating func append(_ scalar: Unicode.Scalar, length: Int, at offset: Int) {
        let first = !inWord
        if first { wordStart = offset }
        wordEnd = offset + length
        if scalar.isASCII {
            let byte = UInt8(scalar.value)
            let upper = (0x41...0x5A).contains(byte)
            if first { capitalized = upper || Self.isDigit(scalar) }
            if (0x61...0x7A).contains(byte) { lowercaseSeen = true }
            if upper || (0x61...0x7A).contains(byte) { letters += 1 } else { plain = false }
        } else {
            let properties = scalar.properties
            ascii = false
            if first { capitalized = properties.isUppercase }
            if properties.isLowercase { lowercaseSeen = true }
            if properties.isAlphabetic { letters += 1 } else if properties.generalCategory != .nonspacingMark { plain = false }
        }
    }

    /// An apostrophe or dot inside a word: "McDonald's", "U.S.", "1.5k", "stripe.com".
    private mutating func appendJoiner(end: Int) {
        wordEnd = end
        plain = false
    }

    private mutating func emit(_ text: String, _ original: String) {
        let token = PromptToken(text: text, original: original, hash: PromptToken.hash(text.utf8), afterPunctuation: punctuation, afterHyphen: hyphen)
        tokens.append(token)
        punctuation = false
        hyphen = false
    }

    private mutating func flush() {
        guard inWord else { return }
        let written = UnsafeBufferPointer(rebasing: bytes[wordStart..<wordEnd])
        let original = String(decoding: written, as: UTF8.self)
        var text = ascii ? Self.lowercased(written) : original.lowercased()
        if !ascii, text.hasSuffix("'s") || text.hasSuffix("\u{2019}s") { text.removeLast(2) }
        var token = PromptToken(text: text, original: original, hash: 0)
        text.withUTF8 { utf8 in
            token.hash = PromptToken.hash(utf8)
            token.singularHash = Self.singularHash(utf8)
            token.number = Self.number(utf8)
        }
        token.afterPunctuation = punctuation
        token.afterHyphen = hyphen
        token.isCapitalized = capitalized
        token.isAllCaps = !lowercaseSeen
        token.hasLetter = letters > 0
        token.isPlainWord = plain
        tokens.append(token)
        punctuation = false
        hyphen = false
        wordStart = wordEnd
        (ascii, capitalized, lowercaseSeen, letters, plain) = (true, false, false, 0, true)
    }

    /// An ASCII word lowercased byte by byte: digit commas dropped ("1,000"), a curly apostrophe made straight, and a
    /// possessive "'s" cut ("Germany's" reads "germany").
    private static func lowercased(_ written: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: written.count) { buffer in
            var count = 0
            var index = 0
            while index < written.count {
                let byte = written[index]
                index += byte == 0xE2 ? 3 : 1  // the only non-ASCII scalar in an ASCII word is the joiner U+2019
                guard byte != 0x2C else { continue }
                buffer[count] = byte == 0xE2 ? 0x27 : (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
                count += 1
            }
            let possessive = count > 2 && buffer[count - 1] == 0x73 && buffer[count - 2] == 0x27
            return possessive ? count - 2 : count
        }
    }

    /// The scalar at a UTF-8 offset; `String` guarantees the bytes are valid UTF-8.
    private func decode(at offset: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (0x7F >> length)
        for next in offset + 1..<min(offset + length, bytes.count) { value = value << 6 | UInt32(bytes[next] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", min(length, bytes.count - offset))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// Letters of any script, ASCII digits, and combining marks so decomposed accents stay in their word.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || isDigit(scalar) }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
    }

    /// "people" → "person", "agencies" → "agency", "vps" → "vp"; 0 when the word does not look plural.
    private static func singularHash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = word.count
        if word.elementsEqual("people".utf8) { return PromptToken.hash("person".utf8) }
        guard count > 2, word[count - 1] == 0x73, word[count - 2] != 0x73 else { return 0 }
        if count > 4, word[count - 3] == 0x69, word[count - 2] == 0x65 {
            return PromptToken.hash(CollectionOfOne(0x79), seed: PromptToken.hash(word[..<(count - 3)]))
        }
        return PromptToken.hash(word[..<(count - 1)])
    }

    /// "1000", "1.5k", "10m"; at most a billion so later arithmetic cannot overflow.
    private static func number(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = text.first, isDigit(first) else { return nil }
        var digits = text[...]
        let scale = text.last == 0x6B ? 1_000.0 : text.last == 0x6D ? 1_000_000.0 : 1
        if scale > 1 { digits = digits.dropLast() }
        guard let value = Double(String(decoding: digits, as: UTF8.self)), value.isFinite, value * scale <= 1_000_000_000 else { return nil }
        return Int(value * scale)
    }
}

/// Phrases of one or more words mapped to what they mean, matched longest first from a token.
struct PhraseTable<Value: Sendable>: Sendable {
    /// By the hash of the phrase's word hashes; the words are kept to rule out a hash collision.
    private var entries: [UInt64: (words: [String], value: Value)] = [:]
    /// Every proper prefix of a phrase, so a match stops reading as soon as no phrase can continue.
    private var prefixes: Set<UInt64> = []
    /// Whether the last word may be a plural: "VPs", "banks", "co-founders".
    private let plurals: Bool
    /// This table's flag in ``PromptLexicon/starters``.
    let bit: UInt16
    /// The hashes of the words its phrases start with.
    private(set) var firstWords: Set<UInt64> = []

    /// A table from `(phrase, value)` pairs; phrases are read with the prompt tokenizer, the first spelling wins.
    init(bit: UInt16, plurals: Bool = false, _ pairs: [(phrase: String, value: Value)]) {
        self.bit = bit
        self.plurals = plurals
        for (phrase, value) in pairs {
            let words = PromptToken.tokenize(phrase)
            if let first = words.first { firstWords.insert(first.hash) }
            var key: UInt64 = 0
            for (offset, word) in words.enumerated() {
                key = Self.extend(key, word.hash)
                if offset < words.count - 1 { prefixes.insert(key) }
            }
            if !words.isEmpty, entries[key] == nil { entries[key] = (words.map(\.text), value) }
        }
    }

    private static func extend(_ key: UInt64, _ word: UInt64) -> UInt64 { (key ^ word) &* 0x9E37_79B9_7F4A_7C15 }

    /// The longest phrase that starts at `start`, and how many tokens it covers.
    func match(_ tokens: [PromptToken], at start: Int) -> (value: Value, count: Int)? {
        var best: (value: Value, count: Int)?
        var key: UInt64 = 0
        var end = start
        while end < tokens.count, end == start || !tokens[end].afterPunctuation {
            let stem = key
            key = Self.extend(stem, tokens[end].hash)
            if let entry = entries[key], Self.same(entry.words, tokens[start...end], plural: false) {
                best = (entry.value, end - start + 1)
            } else if plurals, tokens[end].singularHash != 0, let entry = entries[Self.extend(stem, tokens[end].singularHash)],
                Self.same(entry.words, tokens[start...end], plural: true)
            {
                best = (entry.value, end - start + 1)
            }
            guard prefixes.contains(key) else { break }
            end += 1
        }
        return best
    }

    private static func same(_ words: [String], _ tokens: ArraySlice<PromptToken>, plural: Bool) -> Bool {
        guard words.count == tokens.count else { return false }
        return zip(words, tokens).enumerated().allSatisfy { offset, pair in
            plural && offset == words.count - 1 ? singular(pair.1.text) == pair.0 : pair.1.text == pair.0
        }
    }

    private static func singular(_ word: String) -> String {
        if word == "people" { return "person" }
        if word.hasSuffix("ies") { return word.dropLast(3) + "y" }
        return String(word.dropLast())
    }
}

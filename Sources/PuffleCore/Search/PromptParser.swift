/// Turns a natural-language Lead Search prompt into ``LeadSearchFilters`` with fixed word tables: offline, with no
/// model call, so the same prompt always gives the same filters.
///
/// ```swift
/// PromptParser().parse("VPs of Sales at fintech startups in Germany with 50-200 employees")
/// // jobTitles ["VP of Sales"], seniorities ["vp"], departments ["sales"], industries ["fintech"],
/// // locations ["Germany"], sizes ["51-100", "101-200"]
/// ```
///
/// It never fails: words it does not know become `keywords`, and text without words gives empty filters.
public struct PromptParser: Sendable {
    /// A parser; it holds no state, the word tables are shared.
    public init() {}

    /// The filters a prompt asks for.
    public func parse(_ prompt: String) -> LeadSearchFilters {
        var run = PromptRun(tokens: PromptToken.tokenize(prompt))
        run.run()
        return run.filters
    }
}

/// One pass over a prompt's tokens, left to right, each step taking the longest phrase any rule knows.
struct PromptRun {
    let tokens: [PromptToken]
    var filters = LeadSearchFilters()
    private var index = 0
    /// Headcounts written as numbers; they win over words like "startups".
    private var headcounts: [ClosedRange<Int>] = []
    private var sizeHints: [SizeHint] = []

    /// For each token, which tables have a phrase starting with it; most words start none, and skip every table.
    private let starts: [UInt16]

    init(tokens: [PromptToken]) {
        self.tokens = tokens
        starts = tokens.map { PromptLexicon.starters[$0.hash, default: 0] | PromptLexicon.starters[$0.singularHash, default: 0] }
    }

    /// The longest phrase of `table` at `start`.
    func find<Value>(_ table: PhraseTable<Value>, at start: Int) -> (value: Value, count: Int)? {
        guard start < tokens.count, starts[start] & table.bit != 0 else { return nil }
        return table.match(tokens, at: start)
    }

    mutating func run() {
        while index < tokens.count {
            if let used = matchHeadcount() ?? matchPhrase() ?? matchAfterPreposition() {
                index += used
            } else {
                index += addKeyword(at: index)
            }
        }
        finish()
    }

    /// What a phrase means, before it is added to the filters.
    private enum Meaning {
        case title(TitleMatch)
        case places([String])
        case industry(Industry)
        case size(SizeHint)
    }

    /// Titles, places, industries and size words compete; the longest wins, and on a tie the earlier rule,
    /// so "developer tools" is an industry while "software engineers" is a title.
    private mutating func matchPhrase() -> Int? {
        var best: (meaning: Meaning, count: Int)?
        func consider(_ meaning: Meaning, _ count: Int) {
            if count > (best?.count ?? 0) { best = (meaning, count) }
        }
        if let title = titleMatch(at: index) { consider(.title(title.match), title.count) }
        if let place = placeMatch(at: index) { consider(.places(place.places), place.count) }
        if let industry = find(PromptLexicon.industries, at: index) { consider(.industry(industry.value), industry.count) }
        if let size = find(PromptLexicon.sizeWords, at: index) { consider(.size(size.value), size.count) }
        guard let best else { return nil }
        switch best.meaning {
        case .title(let match):
            filters.jobTitles += match.titles
            filters.seniorities += match.seniorities
            filters.departments += match.departments
        case .places(let places): filters.locations += places
        case .industry(let industry):
            if let name = industry.name { filters.industries.append(name) }
            if let keyword = industry.keyword { filters.keywords.append(keyword) }
        case .size(let hint): sizeHints.append(hint)
        }
        return best.count
    }

    /// Rules that only apply after a preposition: a capitalized name after "at" is a company, a department after
    /// "in" is a function ("people in sales"), and an unknown capitalized name after "in" is a place.
    private mutating func matchAfterPreposition() -> Int? {
        guard index > 0 else { return nil }
        switch tokens[index - 1].text {
        case "at", "from":
            // "at Stripe, Plaid or Brex": further names follow a comma, "and" or "or".
            var end = index
            while let run = capitalizedRun(from: end, places: false) {
                filters.companies.append(run.name)
                end = run.end
                guard end < tokens.count else { break }
                if ["and", "or"].contains(tokens[end].text), tokens[end].original != "&", end + 1 < tokens.count,
                    capitalizedRun(from: end + 1, places: false) != nil
                {
                    end += 1
                } else if !tokens[end].afterPunctuation {
                    break
                }
            }
            return end > index ? end - index : nil
        case "in", "within", "on", "near", "around":
            let departments = departmentList(at: index)
            if !departments.list.isEmpty {
                filters.departments += departments.list.map(\.code)
                return departments.end - index
            }
            guard let run = capitalizedRun(from: index, places: true) else { return nil }
            filters.locations.append(run.name)
            return run.end - index
        default:
            return nil
        }
    }

    /// Capitalized words that no table knows, joined as written: "Acme Corp", "Johnson & Johnson", "Leipzig".
    /// Places must be plain words and not acronyms, so "in Q3" is not a city. Names stop at six words.
    private func capitalizedRun(from start: Int, places: Bool) -> (name: String, end: Int)? {
        var name = ""
        var end = start
        while end < tokens.count, end - start < 6 {
            let token = tokens[end]
            let joins = end > start && token.original == "&" && end + 1 < tokens.count && tokens[end + 1].isCapitalized
            if !joins {
                guard token.isCapitalized, token.hasLetter, !PromptLexicon.stopwords.contains(token.text) else { break }
                guard !places || (token.isPlainWord && !token.isAllCaps) else { break }
                guard end == start || !token.afterPunctuation, placeMatch(at: end) == nil, titleMatch(at: end) == nil,
                    find(PromptLexicon.industries, at: end) == nil, find(PromptLexicon.sizeWords, at: end) == nil
                else { break }
            }
            if end > start { name += token.afterHyphen ? "-" : " " }
            name += token.original
            end += 1
        }
        return end > start ? (name, end) : nil
    }

    /// A known place, or one of the short or ambiguous names that count only when written capitalized
    /// ("US", "LA", "CA", "Polish"); "us" also counts after "in" or "the".
    private func placeMatch(at start: Int) -> (places: [String], count: Int)? {
        if let hit = find(PromptLexicon.places, at: start) { return (hit.value, hit.count) }
        let token = tokens[start]
        guard token.isCapitalized || token.text == "us", let places = PromptLexicon.capitalizedPlaces[token.text] else { return nil }
        let written = token.text.count <= 3 ? token.isAllCaps : token.isCapitalized
        let afterIn = token.text == "us" && start > 0 && ["in", "the", "across"].contains(tokens[start - 1].text)
        return written || afterIn ? (places, 1) : nil
    }

    /// Keeps a leftover word if it says something: not a stopword, not a number, at least two characters.
    /// Hyphenated words stay whole ("remote-first"); returns how many tokens it read.
    private mutating func addKeyword(at start: Int) -> Int {
        let token = tokens[start]
        guard token.number == nil, token.text.count >= 2, token.hasLetter, !PromptLexicon.stopwords.contains(token.text) else { return 1 }
        var keyword = token.text
        var end = start + 1
        while end < tokens.count, tokens[end].afterHyphen {
            keyword += "-" + tokens[end].text
            end += 1
        }
        filters.keywords.append(keyword)
        return end - start
    }

    /// Settles sizes and drops repeats, keeping first-seen order.
    private mutating func finish() {
        var sizes = LeadSearchFilters.bands(overlapping: headcounts)
        if sizes.isEmpty {
            // "seed-stage startups" means the seed-stage sizes, not every startup size.
            let specific = sizeHints.filter(\.specific)
            sizes = LeadSearchFilters.bands(overlapping: (specific.isEmpty ? sizeHints : specific).map(\.range))
        }
        filters.sizes = sizes
        Self.unique(&filters.jobTitles)
        Self.unique(&filters.seniorities)
        Self.unique(&filters.departments)
        Self.unique(&filters.industries)
        Self.unique(&filters.locations)
        Self.unique(&filters.keywords)
        Self.unique(&filters.companies)
    }

    /// Drops repeats, first kept; a linear scan for the few values a prompt has, a set for long text.
    private static func unique(_ values: inout [String]) {
        guard values.count > 1 else { return }
        if values.count <= 16 {
            if values.indices.contains(where: { values[..<$0].contains(values[$0]) }) {
                values = values.indices.filter { !values[..<$0].contains(values[$0]) }.map { values[$0] }
            }
            return
        }
        var seen = Set<String>()
        values = values.filter { seen.insert($0).inserted }
    }
}

// MARK: - Titles

/// What a job-title phrase adds to the filters.
struct TitleMatch {
    var titles: [String] = []
    var seniorities: [String] = []
    var departments: [String] = []
}

extension PromptRun {
    /// A job title: an optional modifier ("senior") and then an occupation ("account executives"), a role with
    /// departments ("VPs of Sales and Marketing") or departments with a role ("marketing directors").
    func titleMatch(at start: Int) -> (match: TitleMatch, count: Int)? {
        let modifier = find(PromptLexicon.modifiers, at: start)
        let base = start + (modifier?.count ?? 0)
        var best = occupationMatch(at: base)
        for candidate in [roleMatch(at: base), departmentRoleMatch(at: base)] {
            if let candidate, candidate.count > (best?.count ?? 0) { best = candidate }
        }
        guard var best else {
            guard let modifier, modifier.value.standalone else { return nil }
            return (TitleMatch(seniorities: [modifier.value.seniority]), modifier.count)
        }
        if let modifier {
            best.match.titles = best.match.titles.map { "\(modifier.value.display) \($0)" }
            if best.match.seniorities.isEmpty { best.match.seniorities = [modifier.value.seniority] }
        }
        return (best.match, base - start + best.count)
    }

    private func occupationMatch(at start: Int) -> (match: TitleMatch, count: Int)? {
        guard let hit = find(PromptLexicon.occupations, at: start) else { return nil }
        let job = hit.value
        return (TitleMatch(titles: job.title.map { [$0] } ?? [], seniorities: job.seniorities, departments: job.department.map { [$0] } ?? []), hit.count)
    }

    /// "VP of Sales", "VP Engineering", or a bare "directors", which only sets the seniority.
    private func roleMatch(at start: Int) -> (match: TitleMatch, count: Int)? {
        guard let role = find(PromptLexicon.roles, at: start) else { return nil }
        var next = start + role.count
        if next < tokens.count, tokens[next].text == "of" { next += 1 }
        let departments = departmentList(at: next)
        guard !departments.list.isEmpty else { return (TitleMatch(seniorities: [role.value.seniority]), role.count) }
        let titles = departments.list.map { "\(role.value.display) of \($0.display)" }
        return (TitleMatch(titles: titles, seniorities: [role.value.seniority], departments: departments.list.map(\.code)), departments.end - start)
    }

    /// "marketing directors", "sales and marketing leaders"; VPs and heads are still written "VP of Sales".
    private func departmentRoleMatch(at start: Int) -> (match: TitleMatch, count: Int)? {
        let departments = departmentList(at: start)
        guard !departments.list.isEmpty, let role = find(PromptLexicon.roles, at: departments.end) else { return nil }
        let titles = departments.list.map { role.value.prefersOf ? "\(role.value.display) of \($0.display)" : "\($0.display) \(role.value.display)" }
        return (TitleMatch(titles: titles, seniorities: [role.value.seniority], departments: departments.list.map(\.code)), departments.end + role.count - start)
    }

    /// Departments joined by "and", "or", "&" or commas: "Sales, Marketing and Product". At most eight, so text that
    /// repeats "sales and" for pages costs linear time, not quadratic.
    func departmentList(at start: Int) -> (list: [Department], end: Int) {
        var list: [Department] = []
        var end = start
        while list.count < 8, let hit = find(PromptLexicon.departments, at: end) {
            list.append(hit.value)
            end += hit.count
            if end + 1 < tokens.count, tokens[end].text == "and" || tokens[end].text == "or",
                find(PromptLexicon.departments, at: end + 1) != nil
            {
                end += 1
            } else if end >= tokens.count || !tokens[end].afterPunctuation {
                break
            }
        }
        return (list, end)
    }
}

// MARK: - Headcounts

extension PromptRun {
    /// Headcounts written as numbers: "50-200 employees", "between 50 and 200 people", "over 1000 employees",
    /// "fewer than 50 employees", "1000+ staff", "50-person". A range needs a unit word or a leading "with".
    private mutating func matchHeadcount() -> Int? {
        let bound = find(PromptLexicon.bounds, at: index)
        var next = index + (bound?.count ?? 0)
        guard next < tokens.count, let first = tokens[next].number else { return nil }
        next += 1
        var second: Int?
        let joiners = bound?.value == .between ? ["-", "to", "and"] : ["-", "to"]
        if next + 1 < tokens.count, joiners.contains(tokens[next].text), let number = tokens[next + 1].number {
            second = number
            next += 2
        }
        var openEnded = false
        if next < tokens.count, tokens[next].text == "+" || tokens[next].text == "plus" {
            openEnded = true
            next += 1
        }
        if next + 1 < tokens.count, tokens[next].text == "-", PromptLexicon.headcountUnits.contains(tokens[next + 1].text) { next += 1 }
        let hasUnit = next < tokens.count && PromptLexicon.headcountUnits.contains(tokens[next].text)
        if hasUnit { next += 1 }
        if hasUnit, next + 1 < tokens.count, ["or", "and"].contains(tokens[next].text), ["more", "up", "above", "over"].contains(tokens[next + 1].text) {
            openEnded = true
            next += 2
        }
        let afterWith = index > 0 && ["with", "headcount", "size", "sized"].contains(tokens[index - 1].text)
        guard hasUnit || (afterWith && (second != nil || bound != nil || openEnded)) || (bound?.value == .between && second != nil) else { return nil }
        headcounts.append(Self.headcountRange(first, second, bound?.value, openEnded: openEnded))
        return next - index
    }

    /// People write "50-200" and "1000+" meaning 51..200 and 1001 up, so an edge shared by two bands goes to
    /// the band the writer named.
    static func headcountRange(_ first: Int, _ second: Int?, _ bound: HeadcountBound?, openEnded: Bool) -> ClosedRange<Int> {
        let bands = LeadSearchFilters.bandRanges
        func raised(_ low: Int) -> Int { bands.contains { $0.range.upperBound == low } ? low + 1 : low }
        if let second {
            let low = raised(min(first, second))
            var high = max(first, second)
            if bands.contains(where: { $0.range.lowerBound == high }), high - 1 >= low { high -= 1 }
            return low...max(low, high)
        }
        switch bound {
        case .above: return (first + 1)...Int.max
        case .atLeast: return first...Int.max
        case .below: return 1...max(1, first - 1)
        case .atMost: return 1...max(1, first)
        case .between, .about, nil: return openEnded ? raised(first)...Int.max : first...first
        }
    }
}

// MARK: - Tokens

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
            case "'" where inside, "\u{2019}" where inside, "." where inside: appendJoiner(scalar == "." ? 0x2E : 0x27, end: offset + length)
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
    private mutating func appendJoiner(_ byte: UInt8, end: Int) {
        wordEnd = end
        plain = false
    }

    private mutating func emit(_ text: String, _ original: String) {
        tokens.append(PromptToken(text: text, original: original, hash: PromptToken.hash(text.utf8), afterPunctuation: punctuation, afterHyphen: hyphen))
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
        if count > 4, word[count - 3] == 0x69, word[count - 2] == 0x65 { return PromptToken.hash(CollectionOfOne(0x79), seed: PromptToken.hash(word[..<(count - 3)])) }
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

// MARK: - Phrase tables

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

// MARK: - Lexicon

/// A functional area: its legacy code and how it reads inside a title.
struct Department: Sendable { let code: String, display: String }
/// A rank word that combines with departments: "VP", "Director". `prefersOf` writes "VP of Sales", not "Sales VP".
struct Role: Sendable { let display: String, seniority: String, prefersOf: Bool }
/// A whole job ("CTO", "account executive") or a rank on its own ("founders", "decision makers").
struct Occupation: Sendable { let title: String?, seniorities: [String], department: String? }
/// A word in front of a title: "senior", "junior". `standalone` lets it set the seniority alone.
struct Modifier: Sendable { let display: String, seniority: String, standalone: Bool }
/// An industry name, a keyword, or both ("SaaS" is software plus the keyword "saas").
struct Industry: Sendable { let name: String?, keyword: String? }
/// Headcounts implied by a word; `specific` words ("seed-stage") beat general ones ("startups").
struct SizeHint: Sendable { let range: ClosedRange<Int>, specific: Bool }
/// How a number bounds a headcount: "over 1000", "at least 50", "fewer than 50", "up to 200", "about 500".
enum HeadcountBound: String, Sendable { case above, atLeast, below, atMost, about, between }

/// The word tables, written as compact `"Head|field|field: alias, alias"` lines so each fact is one line.
enum PromptLexicon {
    /// Splits spec lines into their `|` head fields and their aliases; `named` adds the first field as an alias.
    static func specs(_ lines: [String], named: Bool = false) -> [(head: [String], aliases: [String])] {
        lines.map { line in
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            let head = parts[0].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let aliases = (parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []) + (named ? [head[0]] : [])
            return (head, aliases)
        }
    }

    static func table<Value>(
        _ bit: UInt16, plurals: Bool = false, _ lines: [String], named: Bool = false, _ value: ([String]) -> Value
    ) -> PhraseTable<Value> {
        PhraseTable(bit: bit, plurals: plurals, specs(lines, named: named).flatMap { spec in spec.aliases.map { ($0, value(spec.head)) } })
    }

    /// Which tables have a phrase starting with a word, by word hash: one lookup rules out most tables.
    static let starters: [UInt64: UInt16] = {
        let tables = [
            (departments.firstWords, departments.bit), (roles.firstWords, roles.bit), (occupations.firstWords, occupations.bit),
            (modifiers.firstWords, modifiers.bit), (industries.firstWords, industries.bit), (places.firstWords, places.bit),
            (sizeWords.firstWords, sizeWords.bit), (bounds.firstWords, bounds.bit),
        ]
        var starters: [UInt64: UInt16] = [:]
        for (words, bit) in tables { for word in words { starters[word, default: 0] |= bit } }
        return starters
    }()

    static let departments = table(1, [
        "Sales|sales: sales", "Revenue|sales: revenue", "Business Development|sales: business development, bizdev",
        "Partnerships|sales: partnerships, alliances", "Marketing|marketing: marketing", "Growth|marketing: growth",
        "Brand|marketing: brand", "Demand Generation|marketing: demand generation, demand gen", "Content|marketing: content",
        "Communications|marketing: communications, comms, pr, public relations", "Digital|marketing: digital",
        "Engineering|engineering: engineering", "Technology|engineering: technology, tech", "Infrastructure|engineering: infrastructure",
        "R&D|engineering: r&d, research and development, research", "Product|product_management: product",
        "Product Management|product_management: product management", "Finance|finance: finance", "Accounting|finance: accounting",
        "HR|hr: hr, human resources", "People|hr: people, people operations", "Talent|hr: talent, talent acquisition",
        "Operations|operations: operations, ops", "Revenue Operations|operations: revenue operations, revops",
        "Supply Chain|operations: supply chain", "Procurement|operations: procurement, purchasing", "Strategy|operations: strategy",
        "Legal|legal: legal", "Customer Success|customer_success: customer success",
        "Customer Support|customer_success: customer support, support", "Customer Experience|customer_success: customer experience, cx",
        "Design|design: design", "UX|design: ux, user experience", "Data|data: data", "Analytics|data: analytics",
        "Data Science|data: data science", "IT|it: it, information technology", "Security|it: security, information security",
    ]) { Department(code: $0[1], display: $0[0]) }

    static let roles = table(2, plurals: true, [
        "VP|vp|of: vp, vice president", "SVP|vp|of: svp, senior vice president", "EVP|vp|of: evp, executive vice president",
        "Head|head|of: head", "Director|director|: director", "Manager|manager|: manager", "Leader|head|: leader",
        "Executive|c_suite|: executive, exec",
    ]) { Role(display: $0[0], seniority: $0[1], prefersOf: $0[2] == "of") }

    static let occupations = table(4, plurals: true, [
        "CEO|c_suite|: ceo, chief executive officer, chief executive", "CTO|c_suite|engineering: cto, chief technology officer",
        "CFO|c_suite|finance: cfo, chief financial officer", "COO|c_suite|operations: coo, chief operating officer",
        "CMO|c_suite|marketing: cmo, chief marketing officer", "CRO|c_suite|sales: cro, chief revenue officer",
        "CPO|c_suite|product_management: cpo, chief product officer", "CIO|c_suite|it: cio, chief information officer",
        "CISO|c_suite|it: ciso, chief information security officer", "CDO|c_suite|data: cdo, chief data officer",
        "CHRO|c_suite|hr: chro, chief people officer, chief human resources officer", "President|c_suite|: president",
        "Managing Director|director|: managing director", "Managing Partner|partner|: managing partner",
        "General Partner|partner|: general partner", "|founder|: founder, co founder, cofounder", "|owner|: owner, business owner",
        "|partner|: partner", "|c_suite|: c suite, csuite, c level, cxo", "|c_suite+vp+head+director|: decision maker",
        "Engineer||engineering: engineer", "Software Engineer||engineering: software engineer, swe",
        "Developer||engineering: developer, software developer, programmer", "ML Engineer||engineering: ml engineer, machine learning engineer, ai engineer",
        "DevOps Engineer||engineering: devops engineer, devops, sre, site reliability engineer", "Security Engineer||it: security engineer",
        "Solutions Architect||engineering: solutions architect", "Data Engineer||data: data engineer", "Data Scientist||data: data scientist",
        "Data Analyst||data: data analyst", "Analyst||: analyst", "Sales Engineer||sales: sales engineer, solutions engineer, presales engineer",
        "Account Executive||sales: account executive, ae", "Account Manager||sales: account manager", "Sales Executive||sales: sales executive",
        "SDR||sales: sdr, sales development representative, sales development rep", "BDR||sales: bdr, business development representative",
        "Sales Representative||sales: sales rep, sales representative, salesperson, sales person, salespeople",
        "Recruiter||hr: recruiter, talent acquisition specialist", "Technical Recruiter||hr: technical recruiter",
        "Designer||design: designer", "Product Designer||design: product designer", "UX Designer||design: ux designer, ui designer",
        "Product Manager||product_management: product manager", "Product Owner||product_management: product owner",
        "Product Marketing Manager||marketing: product marketing manager, pmm", "Project Manager||operations: project manager",
        "Program Manager||operations: program manager", "Office Manager||operations: office manager", "Marketer||marketing: marketer",
        "Growth Marketer||marketing: growth marketer", "Customer Success Manager||customer_success: customer success manager, csm",
        "Accountant||finance: accountant", "Controller||finance: controller, financial controller", "Lawyer||legal: lawyer, attorney",
        "General Counsel||legal: general counsel", "Consultant||: consultant", "System Administrator||it: system administrator, sysadmin",
    ]) { Occupation(title: $0[0].isEmpty ? nil : $0[0], seniorities: $0[1].split(separator: "+").map(String.init), department: $0[2].isEmpty ? nil : $0[2]) }

    static let modifiers = table(8, [
        "Senior|senior|solo: senior, sr", "Junior|entry|solo: junior, jr", "Entry-Level|entry|solo: entry level",
        "Principal|senior|: principal", "Staff|senior|: staff", "Lead|senior|: lead",
    ]) { Modifier(display: $0[0], seniority: $0[1], standalone: $0[2] == "solo") }

    static let industries = table(16, plurals: true, [
        "fintech: financial technology, payments, neobank", "software: dev tools, developer tools",
        "software|saas: saas, software as a service", "information technology: tech, technology, it services",
        "healthcare: health care, health, healthtech, health tech, medtech, hospital, medical, digital health",
        "banking: bank", "financial services: asset management, wealth management, investment bank, investment banking",
        "insurance: insurer, insurtech", "retail: retailer", "ecommerce: e commerce, online retail, d2c, dtc, direct to consumer",
        "manufacturing: manufacturer, industrial", "automotive: auto, car, carmaker, automaker",
        "telecommunications: telecom, telco", "energy: oil and gas, renewable, renewables, solar, cleantech, climate tech, utilities",
        "real estate: proptech, property", "logistics: shipping, freight, transportation", "media: publishing, publisher, news, entertainment",
        "education: edtech, school, university, e learning", "biotech: biotechnology, life sciences",
        "pharmaceuticals: pharma, pharmaceutical", "consulting: consultancy, consulting firm",
        "cybersecurity: cyber security, security, infosec, cyber", "gaming: game, video game, game studio, esports",
        "hospitality: hotel, travel, tourism", "food & beverage: food, f&b, beverage, restaurant", "chemicals: chemical",
        "aerospace: aviation, defense, defence, space tech, airline", "construction",
        "marketing & advertising: marketing agency, ad agency, advertising, adtech, digital agency, creative agency, agency",
        "legal: law firm, legal services, legaltech, legal tech", "accounting: accounting firm, cpa firm",
        "nonprofit: non profit, ngo, charity, not for profit", "government: public sector", "crypto: web3, blockchain, defi",
        "staffing & recruiting: staffing, recruiting agency, recruitment agency, recruitment", "agriculture: agtech, farming",
        "venture capital & private equity: vc, vc firm, venture capital, private equity, pe firm",
        "apparel & fashion: fashion, apparel, clothing", "semiconductors: semiconductor, chipmaker", "hardware",
        "|ai: ai, artificial intelligence, machine learning, genai, generative ai, llm", "|b2b: b2b", "|b2c: b2c",
    ], named: true) { Industry(name: $0[0].isEmpty ? nil : $0[0], keyword: $0.count > 1 ? $0[1] : nil) }

    static let places = table(32, [
        "United States: united states of america, usa, u.s, u.s.a, america, american", "Canada: canadian", "Mexico: mexican",
        "United Kingdom: uk, u.k, britain, great britain, british, england, scotland, scottish, wales, welsh", "Brazil: brazilian",
        "Argentina: argentinian, argentine", "Chile: chilean", "Colombia: colombian", "Peru: peruvian", "Ireland: irish",
        "Germany: german, deutschland", "France: french", "Spain: spanish", "Portugal: portuguese", "Italy: italian",
        "Netherlands: dutch, holland", "Belgium: belgian", "Luxembourg", "Switzerland: swiss", "Austria: austrian",
        "Sweden: swedish", "Norway: norwegian", "Denmark: danish", "Finland: finnish", "Iceland: icelandic", "Poland",
        "Czech Republic: czechia, czech", "Slovakia: slovak", "Hungary: hungarian", "Romania: romanian", "Bulgaria: bulgarian",
        "Greece: greek", "Croatia: croatian", "Serbia: serbian", "Slovenia: slovenian", "Estonia: estonian", "Latvia: latvian",
        "Lithuania: lithuanian", "Ukraine: ukrainian", "Russia: russian", "Turkey: turkish, turkiye", "Israel: israeli",
        "United Arab Emirates: uae, emirates, emirati", "Saudi Arabia: saudi, ksa", "Qatar: qatari", "Egypt: egyptian",
        "Morocco: moroccan", "Nigeria: nigerian", "Kenya: kenyan", "South Africa: south african", "Ghana: ghanaian",
        "India: indian", "Pakistan: pakistani", "Bangladesh: bangladeshi", "China: chinese", "Japan: japanese",
        "South Korea: korea, korean, south korean", "Taiwan: taiwanese", "Hong Kong", "Singapore: singaporean",
        "Malaysia: malaysian", "Indonesia: indonesian", "Thailand: thai", "Vietnam: vietnamese, viet nam",
        "Philippines: filipino, philippine", "Australia: australian", "New Zealand",
        "Germany|Austria|Switzerland: dach", "Sweden|Norway|Denmark|Finland|Iceland: nordics, nordic, scandinavia, scandinavian",
        "Belgium|Netherlands|Luxembourg: benelux", "Europe: european", "Latin America: latam", "North America", "Middle East: mena",
        "Asia Pacific: apac", "Asia", "Africa", "EMEA: emea",
        "New York: new york city, nyc, manhattan, brooklyn", "San Francisco", "San Francisco Bay Area: bay area, silicon valley",
        "Washington, D.C.: washington dc, washington d.c", "Bangalore: bengaluru", "New Delhi: delhi", "Munich: münchen",
        "Cologne: köln", "Zurich: zürich", "São Paulo: sao paulo", "Montreal: montréal", "Lisbon: lisboa", "Vienna: wien",
        "Berlin", "Hamburg", "Frankfurt", "Stuttgart", "London", "Manchester", "Edinburgh", "Dublin", "Paris", "Lyon",
        "Amsterdam", "Rotterdam", "Brussels", "Geneva", "Stockholm", "Oslo", "Copenhagen", "Helsinki", "Madrid", "Barcelona",
        "Milan", "Rome", "Warsaw", "Prague", "Budapest", "Tallinn", "Tel Aviv", "Dubai", "Istanbul", "Mumbai", "Tokyo", "Seoul",
        "Shanghai", "Beijing", "Shenzhen", "Sydney", "Melbourne", "Toronto", "Vancouver", "Mexico City", "Buenos Aires",
        "Lagos", "Nairobi", "Cape Town", "Los Angeles", "Seattle", "Austin", "Boston", "Chicago", "Denver", "Miami", "Atlanta",
        "Dallas", "Houston", "San Diego", "Philadelphia", "Phoenix", "Portland", "Salt Lake City", "Nashville", "Minneapolis",
        "Pittsburgh", "Detroit", "Raleigh", "San Jose", "Las Vegas",
        "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia",
        "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
        "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
        "New Jersey", "New Mexico", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
        "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
        "West Virginia", "Wisconsin", "Wyoming",
    ], named: true) { $0 }

    /// Names that are also everyday words or abbreviations; they count only when written capitalized.
    static let capitalizedPlaces: [String: [String]] = [
        "us": ["United States"], "la": ["Los Angeles"], "sf": ["San Francisco"], "dc": ["Washington, D.C."], "polish": ["Poland"],
        "ca": ["California"], "tx": ["Texas"], "ny": ["New York"], "nj": ["New Jersey"], "fl": ["Florida"], "wa": ["Washington"],
        "ma": ["Massachusetts"], "il": ["Illinois"], "nc": ["North Carolina"], "va": ["Virginia"], "az": ["Arizona"],
        "mi": ["Michigan"], "mn": ["Minnesota"], "oh": ["Ohio"], "ut": ["Utah"], "tn": ["Tennessee"],
    ]

    static let sizeWords = table(64, plurals: true, [
        "1-200: startup, start up", "51-500: scaleup, scale up", "1-100: smb, sme, small business, small businesses, small company",
        "101-1000: mid market, midmarket, mid size, mid sized, midsize, medium sized",
        "1001+: enterprise, large company, large enterprise, big company, corporation, fortune 500, fortune 1000",
        "1-50|specific: seed, seed stage, pre seed, early stage", "11-100|specific: series a", "51-500|specific: series b, growth stage",
        "101-1000|specific: series c",
    ]) { SizeHint(range: headcounts($0[0]), specific: $0.count > 1) }

    /// "51-500" or "1001+" as a range; the specs above are the only input.
    private static func headcounts(_ spec: String) -> ClosedRange<Int> {
        let bounds = spec.split(whereSeparator: { $0 == "-" || $0 == "+" }).compactMap { Int($0) }
        let low = bounds.first ?? 1
        return low...max(low, bounds.count > 1 ? bounds[1] : Int.max)
    }

    static let bounds = table(128, [
        "above: over, more than, greater than, above, larger than, >", "atLeast: at least, minimum, min, no fewer than, no less than",
        "below: under, fewer than, less than, below, smaller than, <", "atMost: up to, at most, max, maximum, no more than",
        "about: about, around, approximately, roughly, ~", "between: between, from",
    ]) { HeadcountBound(rawValue: $0[0]) ?? .about }

    static let headcountUnits: Set<String> = [
        "employees", "employee", "people", "person", "persons", "staff", "headcount", "workers", "fte", "ftes", "emps",
    ]

    /// Words that carry no filter on their own, so they never become keywords.
    static let stopwords = Set(
        """
        a an the and or of in on at to for from with within without by near around into across via per who whom whose that which \
        where what are is be been being was were am do does did has have had can could would should will may might \
        their they them those these this it its our we us me my you your he she his her find finding get show list give \
        search searching look looking want need needs please help any all some every each only also just like such as than \
        then more most less fewer very based located headquartered hq work working works worked employed currently current \
        people person persons folks individuals professionals contacts leads prospects profiles candidates employees employee \
        staff company companies firm firms business businesses organization organizations org orgs team teams brand brands \
        vendor vendors provider providers player players space sector sectors industry industries market markets e.g i.e eg \
        ie etc revenue arr funding funded raised stage level size sized other others new large big small between over under \
        above below about up least plus approximately roughly max min maximum minimum top best biggest largest leading
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}

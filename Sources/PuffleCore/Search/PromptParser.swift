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
    private var sizeHints: [PromptLexicon.SizeHint] = []

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
        case industry(PromptLexicon.Industry)
        case size(PromptLexicon.SizeHint)
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

extension PromptRun {
    /// What a job-title phrase adds to the filters.
    struct TitleMatch {
        var titles: [String] = []
        var seniorities: [String] = []
        var departments: [String] = []
    }

    /// A job title: an optional modifier ("senior") and then an occupation ("account executives"), a role with
    /// departments ("VPs of Sales and Marketing") or departments with a role ("marketing directors").
    func titleMatch(at start: Int) -> (match: TitleMatch, count: Int)? {
        let modifier = find(PromptLexicon.modifiers, at: start)
        let base = start + (modifier?.count ?? 0)
        var best = occupationMatch(at: base)
        if let role = roleMatch(at: base), role.count > (best?.count ?? 0) { best = role }
        if let role = departmentRoleMatch(at: base), role.count > (best?.count ?? 0) { best = role }
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
        let match = TitleMatch(titles: job.title.map { [$0] } ?? [], seniorities: job.seniorities, departments: job.department.map { [$0] } ?? [])
        return (match, hit.count)
    }

    /// "VP of Sales", "VP Engineering", or a bare "directors", which only sets the seniority.
    private func roleMatch(at start: Int) -> (match: TitleMatch, count: Int)? {
        guard let role = find(PromptLexicon.roles, at: start) else { return nil }
        var next = start + role.count
        if next < tokens.count, tokens[next].text == "of" { next += 1 }
        let departments = departmentList(at: next)
        guard !departments.list.isEmpty else { return (TitleMatch(seniorities: [role.value.seniority]), role.count) }
        let titles = departments.list.map { "\(role.value.display) of \($0.display)" }
        let match = TitleMatch(titles: titles, seniorities: [role.value.seniority], departments: departments.list.map(\.code))
        return (match, departments.end - start)
    }

    /// "marketing directors", "sales and marketing leaders"; VPs and heads are still written "VP of Sales".
    private func departmentRoleMatch(at start: Int) -> (match: TitleMatch, count: Int)? {
        let departments = departmentList(at: start)
        guard !departments.list.isEmpty, let role = find(PromptLexicon.roles, at: departments.end) else { return nil }
        let display = role.value.display
        let titles = departments.list.map { role.value.prefersOf ? "\(display) of \($0.display)" : "\($0.display) \(display)" }
        let match = TitleMatch(titles: titles, seniorities: [role.value.seniority], departments: departments.list.map(\.code))
        return (match, departments.end + role.count - start)
    }

    /// Departments joined by "and", "or", "&" or commas: "Sales, Marketing and Product". At most eight, so text that
    /// repeats "sales and" for pages costs linear time, not quadratic.
    func departmentList(at start: Int) -> (list: [PromptLexicon.Department], end: Int) {
        var list: [PromptLexicon.Department] = []
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
        // "1000 employees or more"
        if hasUnit, next + 1 < tokens.count, ["or", "and"].contains(tokens[next].text),
            ["more", "up", "above", "over"].contains(tokens[next + 1].text)
        {
            openEnded = true
            next += 2
        }
        // A bare "50-200" is a headcount only where the prompt is talking about size.
        let afterWith = index > 0 && ["with", "headcount", "size", "sized"].contains(tokens[index - 1].text)
        let between = bound?.value == .between && second != nil
        guard hasUnit || between || (afterWith && (second != nil || bound != nil || openEnded)) else { return nil }
        headcounts.append(Self.headcountRange(first, second, bound?.value, openEnded: openEnded))
        return next - index
    }

    /// People write "50-200" and "1000+" meaning 51..200 and 1001 up, so an edge shared by two bands goes to
    /// the band the writer named.
    static func headcountRange(_ first: Int, _ second: Int?, _ bound: PromptLexicon.HeadcountBound?, openEnded: Bool) -> ClosedRange<Int> {
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

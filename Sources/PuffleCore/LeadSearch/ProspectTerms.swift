/// The search terms of a prospect, and the query a set of filters becomes.
///
/// Each prospect is indexed under tags made of a prefix and a slug (`senvp`, `depsales`,
/// `indfintech`, `locgermany`, `size51to100`, `coacme`): letters and digits only, so SQLite's
/// FTS5 and PostgreSQL's `simple` text search both keep a tag as one token. Titles and
/// industries go through the same ``PromptParser`` as prompts, so "VP of Sales" in the data and
/// "VPs of Sales" in a prompt meet on `senvp` and `depsales`.
public enum ProspectTerms {
    /// The indexed text of a person: tags, then lowercased title, company and industry words.
    /// - Parameters:
    ///   - companyTags: The tags of the person's company in the prospect database (``companyTags(_:read:)``):
    ///     its industry, size and places stand in for what the person's own row leaves empty.
    ///   - read: The prompt parser, usually memoized: titles and places repeat a lot in a batch.
    public static func terms(person: LeadBody, companyTags: String?, read: (String) -> LeadSearchFilters) -> String {
        var tags: Set<String> = []
        let title = person.title ?? ""
        if !title.isEmpty {
            let parsed = read(title)
            tags.formUnion(parsed.seniorities.map { tag("sen", $0) })
            tags.formUnion(parsed.departments.map { tag("dep", $0) })
        }
        var own = person
        own.company = nil
        tags.formUnion(Self.companyTags(own, read: read).split(separator: " ").map(String.init))
        if let inherited = companyTags?.split(separator: " ") {
            for prefix in ["ind", "loc", "size"] where !tags.contains(where: { $0.hasPrefix(prefix) }) {
                tags.formUnion(inherited.filter { $0.hasPrefix(prefix) }.map(String.init))
            }
        }
        for name in [person.company?.name, person.company?.domain].compactMap({ $0 }) { tags.insert(tag("co", name)) }
        let words = [title, person.company?.name ?? "", person.industry ?? ""].joined(separator: " ")
        return (tags.sorted() + slugWords(words)).joined(separator: " ")
    }

    /// The industry, place and size tags of a Lead body (a company's, or a person's own).
    public static func companyTags(_ body: LeadBody, read: (String) -> LeadSearchFilters) -> String {
        var tags: Set<String> = []
        if let industry = body.industry, !industry.isEmpty {
            tags.insert(tag("ind", industry))
            tags.formUnion(read(industry).industries.map { tag("ind", $0) })
        }
        for place in [body.location.city, body.location.state, body.location.country].compactMap({ $0 }) where !place.isEmpty {
            tags.insert(tag("loc", place))
            tags.formUnion(read(place).locations.map { tag("loc", $0) })
        }
        if let size = body.size, !size.isEmpty { tags.insert(tag("size", size)) }
        return tags.sorted().joined(separator: " ")
    }

    /// The filters as groups of alternatives: a prospect matches when it has at least one term of
    /// every group. Empty when the filters say nothing a prospect could be matched on.
    ///
    /// Keywords only narrow a search that has nothing else (they are free words a title or
    /// company name may not contain); job titles match by their words when the parser found no
    /// seniority or department in them.
    public static func groups(for filters: LeadSearchFilters) -> [[String]] {
        var groups: [[String]] = []
        func add(_ prefix: String, _ values: [String]) {
            let terms = Array(Set(values.map { tag(prefix, $0) }.filter { $0.count > prefix.count })).sorted()
            if !terms.isEmpty { groups.append(terms) }
        }
        add("sen", filters.seniorities)
        add("dep", filters.departments)
        add("ind", filters.industries)
        add("loc", filters.locations)
        add("size", filters.sizes)
        add("co", filters.companies)
        if filters.seniorities.isEmpty, filters.departments.isEmpty {
            for word in Set(filters.jobTitles.flatMap { slugWords($0) }) where word.count > 1 { groups.append([word]) }
        }
        if groups.isEmpty {
            for word in Set(filters.keywords.flatMap { slugWords($0) }) where word.count > 1 { groups.append([word]) }
        }
        return groups
    }

    /// A tag: the prefix and the value's letters and digits, lowercased.
    public static func tag(_ prefix: String, _ value: String) -> String {
        prefix + slug(value)
    }

    /// The ASCII letters and digits of a text, lowercased (other characters are dropped).
    static func slug(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
            default: continue
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The words of a text as slugs, split at anything but letters and digits.
    static func slugWords(_ text: String) -> [String] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { slug($0) }.filter { !$0.isEmpty }
    }
}

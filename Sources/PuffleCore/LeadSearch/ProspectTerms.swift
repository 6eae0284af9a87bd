/// The search terms of a prospect, and the query a set of filters becomes.
///
/// Each prospect is indexed under tags made of a prefix and a slug (`senvp`, `depsales`,
/// `indfintech`, `locgermany`, `size51to100`, `coacme`): letters and digits only, so SQLite's
/// FTS5 and PostgreSQL's `simple` text search both keep a tag as one token. Titles and
/// industries go through the same ``PromptParser`` as prompts, so "VP of Sales" in the data and
/// "VPs of Sales" in a prompt meet on `senvp` and `depsales`.
public enum ProspectTerms {
    /// The indexed text of a person: tags, then lowercased title, company and industry words.
    /// - Parameter company: The person's company from the prospect database, whose industry, size
    ///   and country fill what the person's own row leaves empty.
    public static func terms(person: LeadBody, company: LeadBody?, parser: PromptParser = PromptParser()) -> String {
        var tags: Set<String> = []
        let title = person.title ?? ""
        let read = parser.parse(title)
        tags.formUnion(read.seniorities.map { tag("sen", $0) })
        tags.formUnion(read.departments.map { tag("dep", $0) })
        let industry = person.industry ?? company?.industry ?? ""
        if !industry.isEmpty {
            tags.insert(tag("ind", industry))
            tags.formUnion(parser.parse(industry).industries.map { tag("ind", $0) })
        }
        let location = person.location.displayText.isEmpty ? company?.location ?? LeadLocation() : person.location
        for place in [location.city, location.state, location.country].compactMap({ $0 }) where !place.isEmpty {
            tags.insert(tag("loc", place))
            tags.formUnion(parser.parse(place).locations.map { tag("loc", $0) })
        }
        if let size = person.size ?? company?.size { tags.insert(tag("size", size)) }
        for name in [person.company?.name, person.company?.domain].compactMap({ $0 }) { tags.insert(tag("co", name)) }
        let words = [title, person.company?.name ?? "", industry].joined(separator: " ")
        return (tags.sorted() + slugWords(words)).joined(separator: " ")
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

    static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars where scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            if scalar.isASCII { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    static func slugWords(_ text: String) -> [String] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { slug(String($0)) }.filter { !$0.isEmpty }
    }
}

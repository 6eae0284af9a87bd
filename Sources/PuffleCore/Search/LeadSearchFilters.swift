/// The structured filters of a Lead Search, in the vocabulary of the legacy `POST /api/leads/parse-filters` endpoint.
///
/// Each dimension is a list of alternatives and an empty list means "no constraint": a provider ANDs the
/// dimensions and ORs the values inside one.
public struct LeadSearchFilters: Sendable, Equatable {
    /// Job titles, singular and title-cased ("VP of Sales", "CTO", "Senior Engineer").
    public var jobTitles: [String]
    /// Seniority levels, the usual people-data scale: `owner, founder, c_suite, partner, vp, head, director, manager, senior, entry, intern`.
    public var seniorities: [String]
    /// Functional areas, an open list: `sales, marketing, engineering, product_management, finance, hr, operations, ...`.
    public var departments: [String]
    /// Lowercased canonical industry names ("fintech", "software", "food & beverage").
    public var industries: [String]
    /// Countries by English name ("United States"), and cities, US states and regions as written, title-cased.
    public var locations: [String]
    /// Headcount bands, each one of ``sizeBands``.
    public var sizes: [String]
    /// Lowercased words about the company that fit no other dimension ("saas", "b2b", "remote").
    public var keywords: [String]
    /// Companies the people work at, as written ("Stripe", "Acme Corp").
    public var companies: [String]

    /// Filters with the given values; every dimension defaults to "no constraint".
    public init(
        jobTitles: [String] = [], seniorities: [String] = [], departments: [String] = [], industries: [String] = [],
        locations: [String] = [], sizes: [String] = [], keywords: [String] = [], companies: [String] = []
    ) {
        self.jobTitles = jobTitles
        self.seniorities = seniorities
        self.departments = departments
        self.industries = industries
        self.locations = locations
        self.sizes = sizes
        self.keywords = keywords
        self.companies = companies
    }

    /// True when no dimension constrains the search.
    public var isEmpty: Bool {
        fields.allSatisfy { $0.values.isEmpty }
    }

    /// Each dimension beside its legacy key, so the key spellings live in one place.
    private var fields: [(key: Key, values: [String])] {
        [
            (.jobTitles, jobTitles), (.seniorities, seniorities), (.departments, departments), (.industries, industries),
            (.locations, locations), (.sizes, sizes), (.keywords, keywords), (.companies, companies),
        ]
    }

    /// The legacy snake_case keys, as `parse-filters` returns them and `searchFilters` stores them.
    enum Key: String {
        case jobTitles = "contact_job_title"
        case seniorities = "seniority_level"
        case departments = "functional_level"
        case industries = "company_industry"
        case locations = "contact_location"
        case sizes = "size"
        case keywords = "company_keywords"
        case companies = "company_name"
        /// Only read: older filters put cities apart from other places.
        case cities = "contact_city"
    }
}

extension LeadSearchFilters {
    /// The filters as a legacy filter object, e.g. `{"contact_job_title": ["VP of Sales"], "size": ["51-100"]}`.
    /// Empty dimensions are left out.
    public var json: JSONObject {
        var object: JSONObject = [:]
        for field in fields where !field.values.isEmpty {
            object[field.key.rawValue] = .array(field.values.map(JSONValue.string))
        }
        return object
    }

    /// Reads a legacy filter object. Keys it does not know, values that are not arrays and elements that are
    /// not strings are skipped, so stored filters from any generation load. `contact_city` joins `locations`.
    public init(json: JSONObject) {
        func strings(_ key: Key) -> [String] {
            guard case .array(let values)? = json[key.rawValue] else { return [] }
            return values.compactMap(\.stringValue)
        }
        let cities = strings(.cities)
        var locations = strings(.locations)
        locations += cities.filter { !locations.contains($0) }
        self.init(
            jobTitles: strings(.jobTitles), seniorities: strings(.seniorities), departments: strings(.departments),
            industries: strings(.industries), locations: locations, sizes: strings(.sizes), keywords: strings(.keywords),
            companies: strings(.companies)
        )
    }
}

extension LeadSearchFilters {
    /// The headcount bands `sizes` draws from, smallest first.
    public static let sizeBands: [String] = bandRanges.map(\.band)

    /// Each band with the headcounts it covers; `10001+` runs to `Int.max`.
    static let bandRanges: [(band: String, range: ClosedRange<Int>)] = [
        ("1-10", 1...10), ("11-20", 11...20), ("21-50", 21...50), ("51-100", 51...100), ("101-200", 101...200),
        ("201-500", 201...500), ("501-1000", 501...1000), ("1001-2000", 1001...2000), ("2001-5000", 2001...5000),
        ("5001-10000", 5001...10000), ("10001+", 10001...Int.max),
    ]

    /// The smallest headcount range covering every band in `sizes`, for providers that take a minimum and a
    /// maximum instead of bands. `nil` when no size is set or none is a known band.
    public var employeeRange: ClosedRange<Int>? {
        let ranges = Self.bandRanges.filter { sizes.contains($0.band) }.map(\.range)
        guard let lower = ranges.map(\.lowerBound).min(), let upper = ranges.map(\.upperBound).max() else { return nil }
        return lower...upper
    }

    /// The bands that share at least one headcount with any of `ranges`, smallest first.
    static func bands(overlapping ranges: [ClosedRange<Int>]) -> [String] {
        bandRanges.filter { band in ranges.contains { $0.overlaps(band.range) } }.map(\.band)
    }
}

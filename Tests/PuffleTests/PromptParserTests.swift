import PuffleCore
import Testing

@Suite struct PromptParserTests {
    /// One prompt and the filters it should give.
    struct Example: Sendable, CustomTestStringConvertible {
        let prompt: String
        let filters: LeadSearchFilters
        var testDescription: String { prompt.isEmpty ? "(empty prompt)" : prompt.debugDescription }
    }

    static let examples: [Example] = [
        Example(
            prompt: "VPs of Sales at fintech startups in Germany with 50-200 employees",
            filters: LeadSearchFilters(
                jobTitles: ["VP of Sales"], seniorities: ["vp"], departments: ["sales"], industries: ["fintech"], locations: ["Germany"],
                sizes: ["51-100", "101-200"])),
        Example(
            prompt: "CTOs at SaaS companies in Austin",
            filters: LeadSearchFilters(
                jobTitles: ["CTO"], seniorities: ["c_suite"], departments: ["engineering"], industries: ["software"], locations: ["Austin"],
                keywords: ["saas"])),
        // The contract's own parse-filters example, minus `funding`, which these filters do not model.
        Example(
            prompt: "founders at seed-stage startups in Austin",
            filters: LeadSearchFilters(seniorities: ["founder"], locations: ["Austin"], sizes: ["1-10", "11-20", "21-50"])),
        Example(
            prompt: "marketing directors at banks in the UK",
            filters: LeadSearchFilters(
                jobTitles: ["Marketing Director"], seniorities: ["director"], departments: ["marketing"], industries: ["banking"],
                locations: ["United Kingdom"])),
        Example(
            prompt: "senior engineers at Stripe",
            filters: LeadSearchFilters(
                jobTitles: ["Senior Engineer"], seniorities: ["senior"], departments: ["engineering"], companies: ["Stripe"])),
        Example(
            prompt: "heads of marketing at B2B SaaS companies in London",
            filters: LeadSearchFilters(
                jobTitles: ["Head of Marketing"], seniorities: ["head"], departments: ["marketing"], industries: ["software"],
                locations: ["London"], keywords: ["b2b", "saas"])),
        Example(
            prompt: "engineering managers at enterprise software companies in the US",
            filters: LeadSearchFilters(
                jobTitles: ["Engineering Manager"], seniorities: ["manager"], departments: ["engineering"], industries: ["software"],
                locations: ["United States"], sizes: ["1001-2000", "2001-5000", "5001-10000", "10001+"])),
        Example(
            prompt: "account executives and SDRs at AI startups in San Francisco",
            filters: LeadSearchFilters(
                jobTitles: ["Account Executive", "SDR"], departments: ["sales"], locations: ["San Francisco"],
                sizes: ["1-10", "11-20", "21-50", "51-100", "101-200"], keywords: ["ai"])),
        Example(
            prompt: "recruiters at German insurance companies with over 1000 employees",
            filters: LeadSearchFilters(
                jobTitles: ["Recruiter"], departments: ["hr"], industries: ["insurance"], locations: ["Germany"],
                sizes: ["1001-2000", "2001-5000", "5001-10000", "10001+"])),
        Example(
            prompt: "Co-founders of e-commerce brands in Paris with fewer than 50 employees",
            filters: LeadSearchFilters(
                seniorities: ["founder"], industries: ["ecommerce"], locations: ["Paris"], sizes: ["1-10", "11-20", "21-50"])),
        Example(
            prompt: "CFOs at healthcare companies in California, 50 to 200 people",
            filters: LeadSearchFilters(
                jobTitles: ["CFO"], seniorities: ["c_suite"], departments: ["finance"], industries: ["healthcare"],
                locations: ["California"], sizes: ["51-100", "101-200"])),
        Example(
            prompt: "VP of Sales and Marketing at remote-first companies working at Acme Corp",
            filters: LeadSearchFilters(
                jobTitles: ["VP of Sales", "VP of Marketing"], seniorities: ["vp"], departments: ["sales", "marketing"],
                keywords: ["remote-first"], companies: ["Acme Corp"])),
        Example(
            prompt: "product managers at mid-market logistics companies in the Netherlands",
            filters: LeadSearchFilters(
                jobTitles: ["Product Manager"], departments: ["product_management"], industries: ["logistics"], locations: ["Netherlands"],
                sizes: ["101-200", "201-500", "501-1000"])),
        Example(
            prompt: "people in sales at Johnson & Johnson in Leipzig",
            filters: LeadSearchFilters(departments: ["sales"], locations: ["Leipzig"], companies: ["Johnson & Johnson"])),
        Example(prompt: "asdf qwerty 🤖🔥!!!", filters: LeadSearchFilters(keywords: ["asdf", "qwerty"])),
        Example(prompt: "🤖🔥!!! ??? ---", filters: LeadSearchFilters()),
        Example(prompt: "", filters: LeadSearchFilters()),
        Example(prompt: " \n\t ", filters: LeadSearchFilters()),
    ]

    @Test(arguments: examples)
    func promptsBecomeLegacyFilters(_ example: Example) {
        #expect(PromptParser().parse(example.prompt) == example.filters)
    }

    @Test(arguments: [
        ("50-200 employees", ["51-100", "101-200"]),
        ("between 10 and 50 employees", ["11-20", "21-50"]),
        ("1,000 to 5,000 employees", ["1001-2000", "2001-5000"]),
        ("over 1000 employees", ["1001-2000", "2001-5000", "5001-10000", "10001+"]),
        ("1000+ employees", ["1001-2000", "2001-5000", "5001-10000", "10001+"]),
        ("10k+ employees", ["10001+"]),
        ("fewer than 50 employees", ["1-10", "11-20", "21-50"]),
        ("about 500 employees", ["201-500"]),
        ("startups", ["1-10", "11-20", "21-50", "51-100", "101-200"]),
        ("SMBs", ["1-10", "11-20", "21-50", "51-100"]),
        ("enterprise companies", ["1001-2000", "2001-5000", "5001-10000", "10001+"]),
        ("c-level executives at Series B startups", ["51-100", "101-200", "201-500"]),
        ("startups with 50-200 employees", ["51-100", "101-200"]),
    ])
    func headcountsMapToEveryBandTheyTouch(prompt: String, sizes: [String]) {
        #expect(PromptParser().parse(prompt).sizes == sizes)
    }

    @Test(arguments: [
        ("in the US", ["United States"]), ("USA", ["United States"]), ("America", ["United States"]),
        ("UK", ["United Kingdom"]), ("Britain", ["United Kingdom"]), ("German fintechs", ["Germany"]),
        ("based in Berlin", ["Berlin"]), ("founders in Austin, TX", ["Austin", "Texas"]),
        ("DACH", ["Germany", "Austria", "Switzerland"]), ("Germany’s banks", ["Germany"]), ("São Paulo", ["São Paulo"]),
    ])
    func placesUseCountryNamesAndTitleCase(prompt: String, locations: [String]) {
        #expect(PromptParser().parse(prompt).locations == locations)
    }

    @Test func theWordUsIsOnlyACountryWhenItReadsAsOne() {
        #expect(PromptParser().parse("help us find CTOs").locations.isEmpty)
        #expect(PromptParser().parse("CTOs in the us").locations == ["United States"])
    }

    @Test func pluralTitlesAreSingularAndListedOnce() {
        let filters = PromptParser().parse("CTOs and ctos, plus sales and marketing leaders")
        #expect(filters.jobTitles == ["CTO", "Sales Leader", "Marketing Leader"])
        #expect(filters.seniorities == ["c_suite", "head"])
    }

    @Test func companiesFollowAtOrFromAndAreCapitalized() {
        let filters = PromptParser().parse("engineers from Google and Meta, Stripe or Plaid")
        #expect(filters.companies == ["Google", "Meta", "Stripe", "Plaid"])
        #expect(PromptParser().parse("engineers at stripe").companies.isEmpty)
    }

    @Test func hostileInputNeverTrapsOrYieldsEmptyValues() {
        let parser = PromptParser()
        let inputs = [
            String(repeating: "VPs of Sales 🤖 ", count: 800), String(repeating: "-", count: 10_000), String(repeating: "1-", count: 5_000),
            String(repeating: "sales and ", count: 1_000), "at " + String(repeating: "Abc ", count: 2_500),
            String(repeating: "e\u{301}👩‍💻\u{200D}", count: 1_000), "99999999999999999999 employees", "1e400 employees", "' . , ’s -- ++ ~",
        ]
        for input in inputs {
            let filters = parser.parse(input)
            #expect(filters.sizes.allSatisfy(LeadSearchFilters.sizeBands.contains))
            #expect(!filters.keywords.contains(""))
        }
        #expect(parser.parse(inputs[0]).jobTitles == ["VP of Sales"])
    }

    @Test(arguments: examples)
    func filtersSurviveAJSONRoundTrip(_ example: Example) {
        let filters = PromptParser().parse(example.prompt)
        #expect(LeadSearchFilters(json: filters.json) == filters)
    }

    @Test func jsonUsesLegacyKeysAndLeavesOutEmptyDimensions() {
        let json = PromptParser().parse("senior engineers at Stripe").json
        #expect(json == [
            "contact_job_title": ["Senior Engineer"], "seniority_level": ["senior"], "functional_level": ["engineering"],
            "company_name": ["Stripe"],
        ])
        #expect(LeadSearchFilters().json.isEmpty)
        #expect(LeadSearchFilters().isEmpty)
    }

    @Test func readingJSONSkipsWrongTypesAndFoldsCitiesIntoLocations() {
        let filters = LeadSearchFilters(json: [
            "contact_job_title": ["VP of Sales"], "company_keywords": ["SaaS"], "contact_city": ["Austin"], "size": "51-100",
            "seniority_level": [1, "vp", .null], "unknown": ["x"],
        ])
        #expect(filters == LeadSearchFilters(jobTitles: ["VP of Sales"], seniorities: ["vp"], locations: ["Austin"], keywords: ["SaaS"]))
    }

    @Test func employeeRangeSpansTheChosenBands() {
        #expect(LeadSearchFilters(sizes: ["51-100", "101-200"]).employeeRange == 51...200)
        #expect(LeadSearchFilters(sizes: ["10001+", "1-10"]).employeeRange == 1...Int.max)
        #expect(LeadSearchFilters(sizes: ["not a band"]).employeeRange == nil)
        #expect(LeadSearchFilters().employeeRange == nil)
    }
}

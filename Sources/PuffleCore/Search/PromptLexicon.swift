/// The word tables, written as compact `"Head|field|field: alias, alias"` lines so each fact is one line.
enum PromptLexicon {
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

    /// Splits spec lines into their `|` head fields and their aliases; `named` adds the first field as an alias.
    /// Aliases are read by the prompt tokenizer later, so spaces around them do not matter.
    static func specs(_ lines: [String], named: Bool = false) -> [(head: [String], aliases: [String])] {
        lines.map { line in
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let head = parts[0].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let aliases = (parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []) + (named ? [head[0]] : [])
            return (head, aliases)
        }
    }

    private static func nonEmpty(_ field: String) -> String? { field.isEmpty ? nil : field }

    /// A phrase table from spec lines, each alias mapped to the value built from its line's head fields.
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

    /// Functional areas, as they read inside titles ("VP of Sales", "IT Director").
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

    /// Rank words that combine with departments.
    static let roles = table(2, plurals: true, [
        "VP|vp|of: vp, vice president", "SVP|vp|of: svp, senior vice president", "EVP|vp|of: evp, executive vice president",
        "Head|head|of: head", "Director|director|: director", "Manager|manager|: manager", "Leader|head|: leader",
        "Executive|c_suite|: executive, exec",
    ]) { Role(display: $0[0], seniority: $0[1], prefersOf: $0[2] == "of") }

    /// Whole jobs and bare ranks; C-level acronyms carry their department.
    static let occupations = table(4, plurals: true, [
        "CEO|c_suite|: ceo, chief executive officer, chief executive", "CTO|c_suite|engineering: cto, chief technology officer",
        "CFO|c_suite|finance: cfo, chief financial officer", "COO|c_suite|operations: coo, chief operating officer",
        "CMO|c_suite|marketing: cmo, chief marketing officer", "CRO|c_suite|sales: cro, chief revenue officer",
        "CPO|c_suite|product_management: cpo, chief product officer", "CIO|c_suite|it: cio, chief information officer",
        "CISO|c_suite|it: ciso, chief information security officer", "CDO|c_suite|data: cdo, chief data officer",
        "CHRO|c_suite|hr: chro, chief people officer, chief human resources officer", "President|c_suite|: president",
        "Managing Director|director|: managing director", "Managing Partner|partner|: managing partner",
        "General Partner|partner|: general partner", "|founder|: founder, co founder, cofounder", "|owner|: owner, business owner",
        "|partner|: partner", "|intern|: intern, trainee, apprentice, working student",
        "|entry|: associate, assistant, coordinator, graduate", "|c_suite|: c suite, csuite, c level, cxo", "|c_suite+vp+head+director|: decision maker",
        "Engineer||engineering: engineer", "Software Engineer||engineering: software engineer, swe",
        "Developer||engineering: developer, software developer, programmer",
        "ML Engineer||engineering: ml engineer, machine learning engineer, ai engineer",
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
    ]) { Occupation(title: nonEmpty($0[0]), seniorities: $0[1].split(separator: "+").map(String.init), department: nonEmpty($0[2])) }

    /// Words before a title that change its seniority.
    static let modifiers = table(8, [
        "Senior|senior|solo: senior, sr", "Junior|entry|solo: junior, jr", "Entry-Level|entry|solo: entry level",
        "Principal|senior|: principal", "Staff|senior|: staff", "Lead|senior|: lead",
    ]) { Modifier(display: $0[0], seniority: $0[1], standalone: $0[2] == "solo") }

    /// Industry synonyms by lowercased canonical name; each canonical name is also an alias.
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
    ], named: true) { Industry(name: nonEmpty($0[0]), keyword: $0.count > 1 ? $0[1] : nil) }

    /// Countries with their adjectives, regions, big cities and the 50 US states; each display name is also an alias.
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

    /// Words that imply a headcount when no number is given.
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

    /// Words before a number that bound a headcount.
    static let bounds = table(128, [
        "above: over, more than, greater than, above, larger than, >", "atLeast: at least, minimum, min, no fewer than, no less than",
        "below: under, fewer than, less than, below, smaller than, <", "atMost: up to, at most, max, maximum, no more than",
        "about: about, around, approximately, roughly, ~", "between: between, from",
    ]) { HeadcountBound(rawValue: $0[0]) ?? .about }

    /// Words after a number that make it a headcount.
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

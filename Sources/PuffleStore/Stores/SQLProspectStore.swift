import PuffleCore
import SQLKit

/// The prospect database in `prospect_people` and `prospect_companies`, and the offline Lead
/// Search provider over it (full-text search: FTS5 on SQLite, tsvector on PostgreSQL).
public struct SQLProspectStore: ProspectStore, LeadSearchProvider {
    let database: PuffleDatabase
    public let name = "local"

    public init(database: PuffleDatabase) {
        self.database = database
    }

    public func importProspects(_ inputs: [LeadInput]) async throws -> ProspectImportCount {
        // Terms are derived before taking the writer, like a Lead import's keys. Titles, places and
        // industries repeat a lot, so each text is parsed once a batch.
        let parser = PromptParser()
        var parsed: [String: LeadSearchFilters] = [:]
        let read = { (text: String) -> LeadSearchFilters in
            if let known = parsed[text] { return known }
            let filters = parser.parse(text)
            parsed[text] = filters
            return filters
        }
        let valid = inputs.filter(\.isValid)
        var tagsByDomain: [String: String] = [:]
        var companyRows = BulkRows([("domain", .text), ("body", .text), ("terms", .text), ("created_at", .integer)])
        let now = database.clock.now().milliseconds
        for input in valid where input.type == .company {
            guard let domain = input.body.domain else { continue }
            let tags = ProspectTerms.companyTags(input.body, read: read)
            tagsByDomain[domain] = tags
            companyRows.startRow()
            companyRows.add(domain)
            companyRows.add(input.body.jsonText)
            companyRows.add(tags)
            companyRows.add(now)
        }
        let people = valid.filter { $0.type == .person }.map(\.body)
        let missing = Set(people.compactMap { $0.company?.domain }).subtracting(tagsByDomain.keys)
        for chunk in Array(missing).chunked(into: LeadRows.maxBindsPerList) {
            for row in try await database.read({ db in try await db.raw("SELECT domain, terms FROM prospect_companies WHERE domain IN (\(binds: chunk))").all() }) {
                tagsByDomain[try row.decode(column: "domain", as: String.self)] = try row.decode(column: "terms", as: String.self)
            }
        }
        var personRows = BulkRows([("identity", .text), ("body", .text), ("terms", .text)])
        for person in people {
            personRows.startRow()
            personRows.add(Self.identity(of: person))
            personRows.add(person.jsonText)
            personRows.add(ProspectTerms.terms(person: person, companyTags: person.company?.domain.flatMap { tagsByDomain[$0] }, read: read))
        }
        let companyCount = companyRows.count
        let (engine, peopleCount) = (database.engine, people.count)
        let companyInsert = companyRows.insert(into: "prospect_companies", engine: engine, tail: "ON CONFLICT (domain) DO UPDATE SET body = excluded.body, terms = excluded.terms")
        let personInsert = personRows.insert(
            into: "prospect_people", engine: engine, tail: engine == .sqlite ? "ON CONFLICT (identity) DO NOTHING" : "ON CONFLICT (identity) DO NOTHING RETURNING seq")
        return try await database.transaction { db in
            var added = ProspectImportCount()
            if companyCount > 0 {
                try await db.raw(companyInsert).run()
                added.companies = companyCount
            }
            guard peopleCount > 0 else { return added }
            switch engine {
            case .sqlite:
                let before = try await Self.maxSeq(db)
                try await db.raw(personInsert).run()
                // External-content FTS5 is filled by hand, in the same transaction as its rows.
                try await db.raw("INSERT INTO prospect_people_fts (rowid, terms) SELECT seq, terms FROM prospect_people WHERE seq > \(bind: before)").run()
                added.people = Int(try await Self.maxSeq(db) - before)
            case .postgres:
                added.people = try await db.raw(personInsert).all().count
            }
            return added
        }
    }

    public func prospectCounts() async throws -> ProspectImportCount {
        try await database.read { db in
            let people = try await db.raw("SELECT COUNT(*) AS n FROM prospect_people").first()?.decode(column: "n", as: Int.self) ?? 0
            let companies = try await db.raw("SELECT COUNT(*) AS n FROM prospect_companies").first()?.decode(column: "n", as: Int.self) ?? 0
            return ProspectImportCount(people: people, companies: companies)
        }
    }

    public func search(_ query: LeadSearchQuery) async throws -> LeadSearchPage {
        let groups = ProspectTerms.groups(for: query.filters)
        let after = query.cursor.flatMap { Int64($0) } ?? 0
        guard !groups.isEmpty, query.limit > 0 else { return LeadSearchPage(people: [], nextCursor: query.cursor, hasMore: false) }
        let sql: SQLQueryString
        switch database.engine {
        case .sqlite:
            let match = groups.map { "(" + $0.map { "\"\($0)\"" }.joined(separator: " OR ") + ")" }.joined(separator: " AND ")
            sql = """
                SELECT p.seq, p.body FROM prospect_people p JOIN (
                    SELECT rowid AS seq FROM prospect_people_fts WHERE prospect_people_fts MATCH \(bind: match) AND rowid > \(bind: after)
                    ORDER BY rowid LIMIT \(bind: query.limit)) m ON p.seq = m.seq
                ORDER BY p.seq
                """
        case .postgres:
            let match = groups.map { "(" + $0.joined(separator: " | ") + ")" }.joined(separator: " & ")
            sql = """
                SELECT seq, body FROM prospect_people WHERE tsv @@ to_tsquery('simple', \(bind: match)) AND seq > \(bind: after)
                ORDER BY seq LIMIT \(bind: query.limit)
                """
        }
        let rows = try await database.read { db in try await db.raw(sql).all() }
        var people: [ProviderPerson] = []
        var last = after
        for row in rows {
            last = try row.decode(column: "seq", as: Int64.self)
            guard case .object(var lead) = try JSONParser.parse(try row.decode(column: "body", as: String.self)) else { continue }
            lead["type"] = "person"
            var raw = lead
            raw["prospectId"] = .integer(Int64(last))
            people.append(ProviderPerson(id: String(last), raw: .object(raw), lead: .object(lead)))
        }
        return LeadSearchPage(people: people, nextCursor: String(last), hasMore: rows.count == query.limit)
    }

    /// The key a person is stored under once: their first identity key, else name at company.
    static func identity(of person: LeadBody) -> String {
        LeadIdentity.keys(type: .person, body: person).first
            ?? "person:name:" + person.name.full.lowercased() + "|" + (person.company?.domain ?? person.company?.name ?? "").lowercased()
    }

    private static func maxSeq(_ db: any SQLDatabase) async throws -> Int64 {
        try await db.raw("SELECT COALESCE(MAX(seq), 0) AS n FROM prospect_people").first()?.decode(column: "n", as: Int64.self) ?? 0
    }
}

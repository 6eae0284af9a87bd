import Foundation
import PuffleCore
import SQLKit

extension SQLListStore {
    public func duplicateCount(workspaceId: String, candidates: [DuplicateCandidate], excludeListId: String?) async throws -> Int {
        try await database.read { db in
            var excluded: [String] = [""]
            if let excludeListId { excluded.append(try await ListRows.find(workspaceId: workspaceId, id: excludeListId, db: db).id) }
            return try await duplicateCount(candidates, workspaceId: workspaceId, excluding: excluded, db: db)
        }
    }

    public func duplicateCount(workspaceId: String, searchId: String, excludeListId: String?) async throws -> Int {
        try await database.read { db in
            guard let task = try await db.raw("SELECT list_id FROM lead_search_tasks WHERE id = \(bind: searchId) AND workspace_id = \(bind: workspaceId)").first()
            else { throw PuffleError.notFound("Lead search \(searchId) not found") }
            // The search's own List holds every Lead it found: leave it out, or each would count itself.
            var excluded = ["", try task.decode(column: "list_id", as: String.self)]
            if let excludeListId { excluded.append(try await ListRows.find(workspaceId: workspaceId, id: excludeListId, db: db).id) }
            var candidates: [DuplicateCandidate] = []
            var offset = 0
            while true {
                let rows = try await db.raw("""
                    SELECT l.body FROM lead_search_results r JOIN leads l ON l.id = r.lead_id AND l.workspace_id = \(bind: workspaceId)
                    WHERE r.task_id = \(bind: searchId) ORDER BY r.position LIMIT 1000 OFFSET \(bind: offset)
                    """).all()
                candidates += try rows.map { DuplicateCandidate(person: try LeadBody(storedJSON: try $0.decode(column: "body", as: String.self))) }
                guard rows.count == 1000 else { break }
                offset += 1000
            }
            return try await duplicateCount(candidates, workspaceId: workspaceId, excluding: excluded, db: db)
        }
    }

    /// How many candidates match, by the cascade, a person Lead in a user List outside `excluded`.
    private func duplicateCount(_ candidates: [DuplicateCandidate], workspaceId: String, excluding excluded: [String], db: any SQLDatabase) async throws -> Int {
        let keyed = candidates.map { candidate in
            (
                linkedin: candidate.linkedinUrl.flatMap(LeadIdentity.normalizedLinkedInURL),
                keys: DuplicateKeys(fullName: candidate.fullName, company: candidate.company, location: candidate.location)
            )
        }
        // The cascade: LinkedIn URL, then full name + company, then full name + location.
        let linkedins = try await existingLinkedIns(keyed.compactMap(\.linkedin), workspaceId: workspaceId, excluding: excluded, db: db)
        let nameCompanies = try await existing(column: "dup_name_company", values: keyed.compactMap(\.keys.nameCompany), workspaceId: workspaceId, excluding: excluded, db: db)
        let nameLocations = try await existing(column: "dup_name_location", values: keyed.compactMap(\.keys.nameLocation), workspaceId: workspaceId, excluding: excluded, db: db)
        return keyed.filter { candidate in
            if let linkedin = candidate.linkedin, linkedins.contains(linkedin) { return true }
            if let key = candidate.keys.nameCompany, nameCompanies.contains(key) { return true }
            if let key = candidate.keys.nameLocation, nameLocations.contains(key) { return true }
            return false
        }.count
    }

    /// The normalized LinkedIn URLs, among these, of person Leads in some user List not in `excluding`.
    private func existingLinkedIns(_ urls: [String], workspaceId: String, excluding listIds: [String], db: any SQLDatabase) async throws -> Set<String> {
        let prefix = "person:linkedin:"
        var found = Set<String>()
        for chunk in Array(Set(urls)).map({ prefix + $0 }).chunked(into: LeadRows.maxBindsPerList) {
            let rows = try await db.raw("""
                SELECT DISTINCT i.key FROM lead_identities i JOIN list_members m ON m.lead_id = i.lead_id
                WHERE i.workspace_id = \(bind: workspaceId) AND i.key IN (\(binds: chunk)) AND m.list_id NOT IN (\(binds: listIds))
                """).all()
            for row in rows { found.insert(String(try row.decode(column: "key", as: String.self).dropFirst(prefix.count))) }
        }
        return found
    }

    /// The values of a column held by a person Lead that is in some user List not in `excluding`.
    private func existing(column: String, values: [String], workspaceId: String, excluding listIds: [String], db: any SQLDatabase) async throws -> Set<String> {
        var found = Set<String>()
        for chunk in Array(Set(values)).chunked(into: LeadRows.maxBindsPerList) {
            let rows = try await db.raw("""
                SELECT DISTINCT l.\(ident: column) AS value FROM leads l JOIN list_members m ON m.lead_id = l.id
                WHERE l.workspace_id = \(bind: workspaceId) AND l.\(ident: column) IN (\(binds: chunk)) AND m.list_id NOT IN (\(binds: listIds))
                """).all()
            for row in rows { found.insert(try row.decode(column: "value", as: String.self)) }
        }
        return found
    }

    /// One row per distinct person or company, then paged: `total` counts rows after that.
    ///
    /// Leads are already one per identifier, so what is left to fold is Leads without a shared
    /// one: people with the same full name and company (``DuplicateKeys``), companies with the
    /// same domain, or without one the same name. A row shows the group's first Lead and the
    /// Lists of all of them.
    public func dashboardPage(workspaceId: String, query: DashboardQuery) async throws -> DashboardPage {
        try await database.read { db in
            let type = query.segment == .people ? LeadType.person : .company
            let key = Self.dashboardKey(type)
            var filter = SQLQueryString("FROM leads l WHERE l.workspace_id = \(bind: workspaceId) AND l.type = \(bind: type.rawValue)")
            if let search = query.search?.trimmed.lowercased(), !search.isEmpty {
                filter.appendLiteral(" AND ")
                filter.appendInterpolation(LeadRows.filterCondition(field: .q, text: search))
            }
            let countRow = try await db.raw("SELECT COUNT(DISTINCT \(unsafeRaw: key)) AS total \(filter)").first()
            let total = Int(try countRow?.decode(column: "total", as: Int64.self) ?? 0)
            let groupRows = try await db.raw("""
                SELECT MIN(l.id) AS first_id, \(unsafeRaw: key) AS dedup_key \(filter)
                GROUP BY \(unsafeRaw: key) ORDER BY first_id LIMIT \(literal: query.limit) OFFSET \(literal: query.offset)
                """).all()
            let groups = try groupRows.map { (firstId: try $0.decode(column: "first_id", as: String.self), key: try $0.decode(column: "dedup_key", as: String.self)) }
            guard !groups.isEmpty else { return DashboardPage(leads: [], total: total) }
            // Every Lead of the page's groups, matching the search or not: a row shows all their Lists.
            let memberRows = try await db.raw("""
                SELECT \(unsafeRaw: LeadRows.selectList), \(unsafeRaw: key) AS dedup_key FROM leads l
                WHERE l.workspace_id = \(bind: workspaceId) AND l.type = \(bind: type.rawValue) AND \(unsafeRaw: key) IN (\(binds: groups.map(\.key)))
                ORDER BY l.id
                """).all()
            let groupOfLead = try Dictionary(uniqueKeysWithValues: memberRows.map {
                (try $0.decode(column: "id", as: String.self), try $0.decode(column: "dedup_key", as: String.self))
            })
            let records = try await LeadRows.attachLists(to: memberRows.map(LeadRows.record(from:)), workspaceId: workspaceId, db: db)
            var listsOfGroup: [String: [ListRef]] = [:]
            var leadById: [String: Lead] = [:]
            // In id order, so a group's first Lead (the one shown) gives its Lists first: the row's
            // list_id is always one of the shown Lead's own.
            for record in records {
                guard let group = groupOfLead[record.id] else { continue }
                let known = Set((listsOfGroup[group] ?? []).map(\.id))
                listsOfGroup[group, default: []] += record.lists.filter { !known.contains($0.id) }
                leadById[record.id] = try record.decoded()
            }
            let shown = groups.compactMap { group -> Lead? in
                guard var lead = leadById[group.firstId] else { return nil }
                lead.lists = listsOfGroup[group.key] ?? lead.lists
                return lead
            }
            guard type == .person else {
                let people = try await people(domains: shown.compactMap(\.body.domain), names: shown.map { $0.body.name.full.lowercased() }, workspaceId: workspaceId, db: db)
                return DashboardPage(leads: shown, total: total, people: people)
            }
            let companyRows = try await companyLeadIds(domains: shown.compactMap(\.body.company?.domain), workspaceId: workspaceId, db: db)
            return DashboardPage(leads: shown, total: total, companyLeadIds: companyRows)
        }
    }

    /// The SQL that gives a Lead's dashboard group: people by full name and company, companies by
    /// domain, else by name; a Lead without those is a group of its own.
    private static func dashboardKey(_ type: LeadType) -> String {
        switch type {
        case .person: "COALESCE(l.dup_name_company, l.id)"
        // `s_company` is a company's own name, lowercased (`s_name` adds its aliases).
        case .company: "CASE WHEN l.s_domain <> '' THEN 'domain:' || l.s_domain WHEN l.s_company <> '' THEN 'name:' || l.s_company ELSE l.id END"
        }
    }

    /// The id of the workspace's company Lead for each of these domains that has one.
    private func companyLeadIds(domains: [String], workspaceId: String, db: any SQLDatabase) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for chunk in Array(Set(domains)).chunked(into: LeadRows.maxBindsPerList) {
            let rows = try await db.raw("""
                SELECT MIN(id) AS id, s_domain FROM leads WHERE workspace_id = \(bind: workspaceId) AND type = 'company' AND s_domain IN (\(binds: chunk))
                GROUP BY s_domain
                """).all()
            for row in rows { ids[try row.decode(column: "s_domain", as: String.self)] = try row.decode(column: "id", as: String.self) }
        }
        return ids
    }

    /// The person Leads on any of these domains or at a company of any of these names: what the
    /// company rows count (``DashboardRows/employees(of:among:)``). Two reads for the page, not one per row.
    private func people(domains: [String], names: [String], workspaceId: String, db: any SQLDatabase) async throws -> [DashboardPerson] {
        var found: [String: DashboardPerson] = [:]
        for (column, values) in [("s_domain", Array(Set(domains.filter { !$0.isEmpty }))), ("s_company", Array(Set(names)))] {
            for chunk in values.chunked(into: LeadRows.maxBindsPerList) {
                let rows = try await db.raw("""
                    SELECT l.id, l.s_domain, l.s_company, \(unsafeRaw: Self.dashboardKey(.person)) AS dedup_key FROM leads l
                    WHERE l.workspace_id = \(bind: workspaceId) AND l.type = 'person' AND l.\(ident: column) IN (\(binds: chunk))
                    """).all()
                for row in rows {
                    found[try row.decode(column: "id", as: String.self)] = DashboardPerson(
                        domain: try row.decode(column: "s_domain", as: String.self), company: try row.decode(column: "s_company", as: String.self),
                        dedupKey: try row.decode(column: "dedup_key", as: String.self))
                }
            }
        }
        return Array(found.values)
    }
}

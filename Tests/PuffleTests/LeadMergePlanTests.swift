import PuffleCore
import Testing

/// The rules of Lead identity over plain values: no database, only rows and who owns which key.
@Suite struct LeadMergePlanTests {
    private func person(_ index: Int, _ name: String, email: String? = nil, linkedin: String? = nil, title: String? = nil, attributes: JSONObject = [:]) -> PreparedLead {
        var body = LeadBody(name: LeadName(full: name), attributes: attributes, title: title)
        if let email { body.contacts = [["type": "email", "value": .string(email)]] }
        if let linkedin { body.socials = [["type": "linkedin", "url": .string(linkedin)]] }
        return PreparedLead(index: index, type: .person, body: body)
    }

    private func stored(_ id: String, _ lead: PreparedLead) -> LeadRecord {
        LeadRecord(id: id, type: lead.type, lists: [], createdAt: Timestamp(milliseconds: 1), updatedAt: Timestamp(milliseconds: 1), bodyJSON: lead.bodyJSON)
    }

    @Test func theSameKeyTwiceInABatchIsOneNewLead() {
        let rows = [
            person(0, "Jane Doe", email: "jane@acme.com", title: "VP Sales"),
            person(1, "Jane Doe", email: "JANE@acme.com", attributes: ["team": "emea"]),
            person(2, "Bob Roe", email: "bob@acme.com"),
        ]
        let plan = LeadMergePlan(rows: rows, owners: [:])
        #expect(plan.entries.map(\.rows) == [[0, 1], [2]])
        #expect(plan.entries.map(\.action) == [.create, .create])
        #expect(plan.entries[0].prepared.body.title == "VP Sales")
        #expect(plan.entries[0].prepared.body.attributes == ["team": "emea"])
        #expect(plan.conflicts.isEmpty)
        var outcome = LeadImportOutcome(errors: [])
        outcome.count(plan)
        #expect((outcome.createdCount, outcome.mergedCount, outcome.personCount) == (2, 1, 2))
    }

    @Test func aRowWhoseKeysTwoLeadsOwnIsRefusedAlone() {
        let rows = [
            person(0, "Jane Doe", email: "jane@acme.com", linkedin: "https://linkedin.com/in/janedoe"),
            person(1, "Bob Roe", email: "bob@acme.com"),
        ]
        let owners = ["person:email:jane@acme.com": "lead-a", "person:linkedin:linkedin.com/in/janedoe": "lead-b"]
        let plan = LeadMergePlan(rows: rows, owners: owners)
        #expect(plan.conflicts.map(\.index) == [0])
        #expect(plan.conflicts[0].code == "conflict")
        #expect(plan.conflicts[0].message.contains("email jane@acme.com belongs to Lead lead-a"))
        #expect(plan.conflicts[0].message.contains("linkedin linkedin.com/in/janedoe belongs to Lead lead-b"))
        #expect(plan.entries.map(\.rows) == [[1]], "the other row is not held up")
    }

    @Test func rowsJoinedIntoAGroupThatMatchesTwoLeadsAreAllRefused() {
        // Row 0 matches lead-a, row 1 matches lead-b, and a new key (the same source id) joins them.
        var rows = [person(0, "Jane Doe", email: "jane@acme.com"), person(1, "Jane Doe", linkedin: "https://linkedin.com/in/janedoe")]
        rows = rows.map { row in
            var body = row.body
            body.sources = [["provider": "apollo", "id": "7"]]
            return PreparedLead(index: row.index, type: .person, body: body)
        }
        let owners = ["person:email:jane@acme.com": "lead-a", "person:linkedin:linkedin.com/in/janedoe": "lead-b"]
        let plan = LeadMergePlan(rows: rows, owners: owners)
        #expect(plan.conflicts.map(\.index) == [0, 1])
        #expect(plan.entries.isEmpty)
    }

    @Test func aMergeFillsEmptyFieldsUnitesSourcesAndNeverOverwrites() throws {
        var existingBody = person(0, "Jane Doe", email: "jane@acme.com", title: "VP Sales", attributes: ["seniority": "vp"]).body
        existingBody.sources = [["provider": "apollo", "id": "1"]]
        let existing = PreparedLead(index: 0, type: .person, body: existingBody)
        var incoming = person(0, "Jane Q. Doe", email: "jane@acme.com", title: "CEO", attributes: ["seniority": "c_level", "team": "emea"]).body
        incoming.industry = "SaaS"
        incoming.sources = [["provider": "apollo", "id": "1"], ["provider": "pdl", "id": "x"]]
        let row = PreparedLead(index: 0, type: .person, body: incoming)

        var plan = LeadMergePlan(rows: [row], owners: ["person:email:jane@acme.com": "lead-a"])
        #expect(plan.existingIds == ["lead-a"])
        try plan.merge(into: ["lead-a": stored("lead-a", existing)])
        let entry = plan.entries[0]
        #expect(entry.action == .update)
        let body = entry.prepared.body
        #expect(body.title == "VP Sales")
        #expect(body.industry == "SaaS")
        #expect(body.attributes == ["seniority": "vp", "team": "emea"])
        #expect(body.sources.count == 2)
        #expect(body.name.full == "Jane Doe")
        #expect(body.name.aliases == ["Jane Q. Doe"])
        #expect(Set(entry.keys).isSuperset(of: ["person:email:jane@acme.com", "person:provider:pdl:x"]))
    }

    @Test func aRowThatAddsNothingLeavesTheLeadUnchanged() throws {
        let existing = person(0, "Jane Doe", email: "jane@acme.com", title: "VP Sales")
        var plan = LeadMergePlan(rows: [person(0, "Jane Doe", email: "jane@acme.com")], owners: ["person:email:jane@acme.com": "lead-a"])
        try plan.merge(into: ["lead-a": stored("lead-a", existing)])
        #expect(plan.entries[0].action == .unchanged)
        var outcome = LeadImportOutcome(errors: [])
        outcome.count(plan)
        #expect((outcome.createdCount, outcome.mergedCount) == (0, 1))
    }

    @Test func twoGroupsMatchingOneLeadBecomeOneEntry() throws {
        let rows = [person(0, "Jane Doe", email: "jane@acme.com"), person(1, "Jane Doe", linkedin: "https://linkedin.com/in/janedoe", title: "CEO")]
        let owners = ["person:email:jane@acme.com": "lead-a", "person:linkedin:linkedin.com/in/janedoe": "lead-a"]
        var plan = LeadMergePlan(rows: rows, owners: owners)
        try plan.merge(into: ["lead-a": stored("lead-a", person(0, "Jane Doe", email: "jane@acme.com"))])
        #expect(plan.entries.map(\.rows) == [[0, 1]])
        #expect(plan.entries[0].prepared.body.title == "CEO")
    }

    @Test func aLeadDeletedBeforeTheMergeIsCreatedAnew() throws {
        var plan = LeadMergePlan(rows: [person(0, "Jane Doe", email: "jane@acme.com")], owners: ["person:email:jane@acme.com": "gone"])
        try plan.merge(into: [:])
        #expect(plan.entries[0].action == .create)
        #expect(plan.entries[0].existingId == nil)
    }

    @Test func anUpdateMayNotTakeAnotherLeadsIdentifier() {
        let keys = ["person:email:jane@acme.com", "person:email:bob@acme.com"]
        #expect(LeadMergePlan.updateConflict(leadId: "lead-a", keys: keys, owners: ["person:email:jane@acme.com": "lead-a"]) == nil)
        let conflict = LeadMergePlan.updateConflict(leadId: "lead-a", keys: keys, owners: ["person:email:bob@acme.com": "lead-b"])
        #expect(conflict == .conflict("Another Lead already has the identifier email:bob@acme.com"))
    }
}

/// The Lead filter fields are declared once; their texts line up with the columns they fill.
@Suite struct LeadSearchFieldsTests {
    @Test func eachFieldsTextIsInItsPlace() {
        var body = LeadBody(name: LeadName(full: "Jane Doe", aliases: ["J. Doe"]), title: "VP Sales", company: LeadCompany(name: "Acme", domain: "acme.com"), industry: "SaaS")
        body.contacts = [["type": "email", "value": "Jane@Acme.com"]]
        body.location = LeadLocation(city: "Berlin", country: "DE")
        let fields = LeadSearchFields(type: .person, body: body)
        #expect(fields.values.count == LeadSearchField.allCases.count)
        #expect(fields[.name] == "jane doe j. doe")
        #expect(fields[.title] == "vp sales")
        #expect(fields[.company] == "acme")
        #expect(fields[.domain] == "acme.com")
        #expect(fields[.email] == "jane@acme.com")
        #expect(fields[.industry] == "saas")
        #expect(fields[.location].hasPrefix("berlin"))
    }

    @Test func eachFilterMatchesItsFields() {
        #expect(LeadFilterField.q.searchFields == LeadSearchField.allCases)
        #expect(LeadFilterField.role.searchFields == [.title])
        #expect(LeadFilterField.location.searchFields == [.location])
        let filter = LeadFilter(texts: [.role: " VP ", .name: "  "])
        #expect(filter.textFilters.map(\.field) == [.role], "blank filters are no filter")
        #expect(filter.textFilters.first?.value == "vp")
    }
}

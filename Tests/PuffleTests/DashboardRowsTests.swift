import PuffleCore
import Testing

/// The dashboard's rows over plain values: employee counts fold duplicate people and match by domain or name.
@Suite struct DashboardRowsTests {
    @Test func employeesAreDistinctPeopleOnTheDomainOrUnderTheName() {
        let now = Timestamp(milliseconds: 0)
        var body = LeadBody(name: LeadName(full: "Acme"))
        body.domain = "acme.com"
        let acme = Lead(id: "c1", type: .company, lists: [], createdAt: now, updatedAt: now, body: body)
        let people = [
            DashboardPerson(domain: "acme.com", company: "acme inc", dedupKey: "ada|acme"),
            DashboardPerson(domain: "acme.com", company: "acme", dedupKey: "ada|acme"),  // the same person twice
            DashboardPerson(domain: "", company: "acme", dedupKey: "bob|acme"),
            DashboardPerson(domain: "other.com", company: "other", dedupKey: "cy|other"),
        ]
        #expect(DashboardRows.employees(of: acme, among: people) == 2)
        let rows = DashboardRows.rows(DashboardPage(leads: [acme], total: 1, people: people), segment: .companies)
        #expect(rows.first?["employeesInLists"] == 2 && rows.first?["domain"] == "acme.com")
        var nameless = body
        nameless.domain = nil
        let byName = Lead(id: "c2", type: .company, lists: [], createdAt: now, updatedAt: now, body: nameless)
        #expect(DashboardRows.employees(of: byName, among: people) == 2, "without a domain, by name")
    }
}

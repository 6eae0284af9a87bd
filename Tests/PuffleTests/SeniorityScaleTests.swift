import PuffleCore
import Testing

/// The seniority Enrichment reads every level of the usual people-data scale from a title.
@Suite struct SeniorityScaleTests {
    static let titles: [(title: String, seniority: String)] = [
        ("Owner", "owner"), ("Co-Founder", "founder"), ("Chief Revenue Officer", "c_suite"), ("Managing Partner", "partner"),
        ("VP of Sales", "vp"), ("Head of Marketing", "head"), ("Engineering Director", "director"), ("Sales Manager", "manager"),
        ("Senior Accountant", "senior"), ("Junior Designer", "entry"), ("Marketing Coordinator", "entry"), ("Marketing Intern", "intern"),
        ("Software Engineering Trainee", "intern"),
    ]

    @Test("each level of the scale", arguments: titles.map(\.title))
    func readsLevel(title: String) async throws {
        let expected = Self.titles.first { $0.title == title }!.seniority
        var body = LeadBody()
        body.title = title
        let value = try await SeniorityEnricher().enrich(EnrichmentSubject(leadId: "l1", type: .person, body: body), input: [:])
        guard case .value(let found) = value else {
            Issue.record("\(title): no value (\(value))")
            return
        }
        #expect(found["seniority"] == .string(expected), "\(title)")
    }
}

import PuffleCore
import Testing

/// The Enrichment planner's refusals and charge over plain values.
@Suite struct EnrichmentPlannerTests {
    private func request(
        scope: EnrichmentScope = .list(listId: "list-1"), preview: Bool = false, output: EnrichmentOutputTarget = .leadAttribute, unitCost: Int = 2
    ) -> EnrichmentRequest {
        var request = EnrichmentRequest(
            workspaceId: "ws", slug: "work-email", preview: preview, scope: scope, requestedScope: .null, input: [:], attributeKey: "workEmail",
            writePolicy: .overwrite, idempotencyKey: nil, fingerprint: "f1", subject: .person, creditAction: "ENRICH", unitCost: unitCost,
            correlationId: nil)
        request.outputTarget = output
        return request
    }

    private let people = [EnrichmentPlanner.ScopedLead(id: "a", type: .person), .init(id: "b", type: .person)]

    private func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as PuffleError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test func theChargeIsTheLeadsTimesTheUnitCost() throws {
        let plan = try EnrichmentPlanner.plan(request(), resolution: .init(leads: people), balance: 4)
        #expect(plan.charge == 4)
        #expect(plan.leads == people)
    }

    @Test func aBalanceShortOfTheChargeIsRefusedUnlessPreviewing() throws {
        #expect(throws: PuffleError.insufficientCredits(required: 4, balance: 3)) {
            try EnrichmentPlanner.plan(request(), resolution: .init(leads: people), balance: 3)
        }
        #expect(try EnrichmentPlanner.plan(request(preview: true), resolution: .init(leads: people), balance: 0).charge == 0)
    }

    @Test func eachRefusalHasItsCode() {
        #expect(code { _ = try EnrichmentPlanner.plan(request(), resolution: .init(leads: []), balance: 10) } == "EMPTY_LEAD_SCOPE")
        let mixed = people + [.init(id: "c", type: .company)]
        #expect(code { _ = try EnrichmentPlanner.plan(request(), resolution: .init(leads: mixed), balance: 10) } == "SUBJECT_MISMATCH")
        #expect(code { _ = try EnrichmentPlanner.plan(request(), resolution: .init(leads: people, missingLeadIds: ["z", "y"]), balance: 10) } == "not_found")
        let membership = request(scope: .explicitLeads(leadIds: ["a", "b"], listId: "list-1"), output: .listMembership)
        #expect(EnrichmentPlanner.membershipListId(of: membership) == "list-1")
        #expect(code { _ = try EnrichmentPlanner.plan(membership, resolution: .init(leads: people, outsideList: ["b"]), balance: 10) } == "OUTPUT_TARGET_UNSUPPORTED")
        #expect(EnrichmentPlanner.membershipListId(of: request()) == nil, "attribute output writes on the Lead, in or out of a List")
    }

    @Test func missingLeadsAreNamedFirstInIdOrder() {
        #expect(throws: PuffleError.notFound("Lead y not found (and 1 more)")) {
            try EnrichmentPlanner.plan(request(), resolution: .init(leads: [], missingLeadIds: ["z", "y"]), balance: 0)
        }
    }

    @Test func aKeyReusedWithAnotherRequestIsAConflict() throws {
        try EnrichmentPlanner.checkReplay(of: request(), key: "k", earlierFingerprint: "f1")
        #expect(code { try EnrichmentPlanner.checkReplay(of: request(), key: "k", earlierFingerprint: "f2") } == "idempotency_key_reused")
        #expect(EnrichmentPlanner.refund(forItems: 3, unitCost: 2) == 6)
    }
}

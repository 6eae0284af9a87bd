/// The Enrichment planner's rules: whether a request may run on the Leads its scope resolved to,
/// and what it costs. The store reads what these need and runs the transaction; every refusal
/// and the charge are decided here, before any credit moves.
public enum EnrichmentPlanner {
    /// A Lead a scope resolved to.
    public struct ScopedLead: Sendable, Equatable {
        public var id: String
        public var type: LeadType

        public init(id: String, type: LeadType) {
            self.id = id
            self.type = type
        }
    }

    /// What the store found for a request's scope.
    public struct Resolution: Sendable {
        /// The workspace's Leads in scope, in id order.
        public var leads: [ScopedLead]
        /// Ids the request named that are not Leads of the workspace.
        public var missingLeadIds: [String] = []
        /// For membership output (``membershipListId(of:)``): the Leads in scope that are not in that List.
        public var outsideList: [String] = []

        public init(leads: [ScopedLead], missingLeadIds: [String] = [], outsideList: [String] = []) {
            self.leads = leads
            self.missingLeadIds = missingLeadIds
            self.outsideList = outsideList
        }
    }

    /// A request the planner accepted.
    public struct Plan: Sendable, Equatable {
        public var leads: [ScopedLead]
        /// Credits to take now: nothing for a preview.
        public var charge: Int
    }

    /// The List whose memberships the run writes on, when its members must be checked: membership
    /// output over explicit Leads names a List, and every Lead must be in it.
    public static func membershipListId(of request: EnrichmentRequest) -> String? {
        guard request.outputTarget == .listMembership, case .explicitLeads(_, let listId?) = request.scope else { return nil }
        return listId
    }

    /// Checks a resolved scope and prices it.
    /// - Parameter balance: The workspace's credit balance, read in the same transaction.
    /// - Throws: `.notFound` for named Leads not in the workspace; `EMPTY_LEAD_SCOPE`,
    ///   `SUBJECT_MISMATCH`, `OUTPUT_TARGET_UNSUPPORTED`; `.insufficientCredits` unless previewing.
    public static func plan(_ request: EnrichmentRequest, resolution: Resolution, balance: Int) throws -> Plan {
        let missing = resolution.missingLeadIds.sorted()
        if let first = missing.first {
            throw PuffleError.notFound("Lead \(first) not found" + (missing.count > 1 ? " (and \(missing.count - 1) more)" : ""))
        }
        let leads = resolution.leads
        guard !leads.isEmpty else {
            throw PuffleError.refused(code: "EMPTY_LEAD_SCOPE", kind: .rejected, message: "The scope resolved to no Leads")
        }
        let mismatched = leads.filter { $0.type != request.subject }
        guard mismatched.isEmpty else {
            throw PuffleError.refused(
                code: "SUBJECT_MISMATCH", kind: .rejected,
                message: "\(request.slug) enriches \(request.subject.rawValue) Leads; \(mismatched.count) of the \(leads.count) Leads in scope are not (first: \(mismatched[0].id))")
        }
        if let listId = membershipListId(of: request), let outside = resolution.outsideList.sorted().first {
            throw PuffleError.refused(
                code: "OUTPUT_TARGET_UNSUPPORTED", kind: .rejected, message: "Lead \(outside) is not in List \(listId), so it has no membership to write on")
        }
        let required = cost(leadCount: leads.count, unitCost: request.unitCost)
        if request.preview { return Plan(leads: leads, charge: 0) }
        guard required <= balance else { throw PuffleError.insufficientCredits(required: required, balance: balance) }
        return Plan(leads: leads, charge: required)
    }

    /// What a run over this many Leads costs: charged when it is created, shown by a preview.
    public static func cost(leadCount: Int, unitCost: Int) -> Int {
        leadCount * unitCost
    }

    /// A request whose idempotency key this workspace used before answers that run, if it is the
    /// same request.
    /// - Throws: `idempotency_key_reused` when the earlier request was another.
    public static func checkReplay(of request: EnrichmentRequest, key: String, earlierFingerprint: String) throws {
        guard earlierFingerprint == request.fingerprint else {
            throw PuffleError.refused(
                code: "idempotency_key_reused", kind: .stateConflict,
                message: "idempotencyKey \(key) was used for a different request; use a new key for a new request")
        }
    }

    /// Credits given back for items that will never be done (failed, or skipped by a cancel):
    /// what they were charged.
    public static func refund(forItems items: Int, unitCost: Int) -> Int {
        max(0, items) * max(0, unitCost)
    }
}

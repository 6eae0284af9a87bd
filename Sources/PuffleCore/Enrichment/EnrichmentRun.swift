/// Where an Enrichment run is. `completed` means every item reached a final status.
public enum EnrichmentRunStatus: String, Sendable, CaseIterable {
    case pending, running, completed, failed, cancelled
}

/// Where one item (one Lead of a run) is.
public enum EnrichmentItemStatus: String, Sendable, CaseIterable {
    case pending, running, completed, skipped, failed
}

/// Which Leads a run covers, as the request named them.
public enum EnrichmentScope: Sendable, Equatable {
    case explicitLeads(leadIds: [String], listId: String?)
    case list(listId: String)
    case filteredList(listId: String, filter: LeadFilter)

    public var typeName: String {
        switch self {
        case .explicitLeads: "explicit_leads"
        case .list: "list"
        case .filteredList: "filtered_list"
        }
    }

    public var listId: String? {
        switch self {
        case .explicitLeads(_, let listId): listId
        case .list(let listId), .filteredList(let listId, _): listId
        }
    }
}

/// Where a run writes its values: on the Lead (seen in every List), or on the Lead's membership of
/// the scope's List (seen only there, as the Lead's `membership.attributes` in that List's pages).
public enum EnrichmentOutputTarget: String, Sendable, CaseIterable {
    case leadAttribute = "lead_attribute"
    case listMembership = "list_membership"
}

/// How a run writes: replace an existing attribute value, or leave Leads that have one alone.
public enum EnrichmentWritePolicy: String, Sendable, CaseIterable {
    case overwrite
    case skipExisting = "skip_existing"
}

/// A checked `POST /api/enrichment`, ready for the store to plan and create.
public struct EnrichmentRequest: Sendable {
    public var workspaceId: String
    public var slug: String
    public var preview: Bool
    public var scope: EnrichmentScope
    /// The scope exactly as sent, echoed as `run.scope.requested`.
    public var requestedScope: JSONValue
    public var input: JSONObject
    public var attributeKey: String
    public var outputTarget: EnrichmentOutputTarget = .leadAttribute
    public var writePolicy: EnrichmentWritePolicy
    public var idempotencyKey: String?
    /// A digest of the request body, so a reused idempotency key with another body is caught.
    public var fingerprint: String
    public var subject: LeadType
    public var creditAction: String
    public var unitCost: Int
    public var correlationId: String?

    public init(
        workspaceId: String, slug: String, preview: Bool, scope: EnrichmentScope, requestedScope: JSONValue, input: JSONObject, attributeKey: String,
        writePolicy: EnrichmentWritePolicy, idempotencyKey: String?, fingerprint: String, subject: LeadType, creditAction: String, unitCost: Int,
        correlationId: String?
    ) {
        self.workspaceId = workspaceId
        self.slug = slug
        self.preview = preview
        self.scope = scope
        self.requestedScope = requestedScope
        self.input = input
        self.attributeKey = attributeKey
        self.writePolicy = writePolicy
        self.idempotencyKey = idempotencyKey
        self.fingerprint = fingerprint
        self.subject = subject
        self.creditAction = creditAction
        self.unitCost = unitCost
        self.correlationId = correlationId
    }
}

/// One Enrichment run as stored.
public struct EnrichmentRun: Sendable {
    public var id: String
    public var workspaceId: String
    public var slug: String
    public var version: Int
    public var mode: String
    public var status: EnrichmentRunStatus
    public var scopeType: String
    public var listId: String?
    public var requestedScope: JSONValue
    public var resolvedCount: Int
    public var counts: [EnrichmentItemStatus: Int]
    public var outputTarget: EnrichmentOutputTarget = .leadAttribute
    public var attributeKey: String
    public var writePolicy: EnrichmentWritePolicy
    public var input: JSONObject
    public var creditAction: String
    public var unitCost: Int
    public var creditsCharged: Int
    public var creditsRefunded: Int
    public var correlationId: String?
    public var errorMessage: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var startedAt: Timestamp?
    public var completedAt: Timestamp?
    public var cancelledAt: Timestamp?

    public init(
        id: String, workspaceId: String, slug: String, version: Int, mode: String, status: EnrichmentRunStatus, scopeType: String, listId: String?,
        requestedScope: JSONValue, resolvedCount: Int, counts: [EnrichmentItemStatus: Int], attributeKey: String, writePolicy: EnrichmentWritePolicy,
        input: JSONObject, creditAction: String, unitCost: Int, creditsCharged: Int, creditsRefunded: Int, correlationId: String?,
        errorMessage: String?, createdAt: Timestamp, updatedAt: Timestamp, startedAt: Timestamp?, completedAt: Timestamp?, cancelledAt: Timestamp?
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.slug = slug
        self.version = version
        self.mode = mode
        self.status = status
        self.scopeType = scopeType
        self.listId = listId
        self.requestedScope = requestedScope
        self.resolvedCount = resolvedCount
        self.counts = counts
        self.attributeKey = attributeKey
        self.writePolicy = writePolicy
        self.input = input
        self.creditAction = creditAction
        self.unitCost = unitCost
        self.creditsCharged = creditsCharged
        self.creditsRefunded = creditsRefunded
        self.correlationId = correlationId
        self.errorMessage = errorMessage
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.cancelledAt = cancelledAt
    }
}

/// One Lead's part of a run.
public struct EnrichmentItem: Sendable {
    public var id: String
    public var runId: String
    public var leadId: String
    public var listId: String?
    public var status: EnrichmentItemStatus
    /// The value written, as JSON text, when completed with one.
    public var resultJSON: String?
    public var skippedReason: String?
    public var errorMessage: String?
    public var attempts: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var startedAt: Timestamp?
    public var completedAt: Timestamp?

    public init(
        id: String, runId: String, leadId: String, listId: String?, status: EnrichmentItemStatus, resultJSON: String?, skippedReason: String?,
        errorMessage: String?, attempts: Int, createdAt: Timestamp, updatedAt: Timestamp, startedAt: Timestamp?, completedAt: Timestamp?
    ) {
        self.id = id
        self.runId = runId
        self.leadId = leadId
        self.listId = listId
        self.status = status
        self.resultJSON = resultJSON
        self.skippedReason = skippedReason
        self.errorMessage = errorMessage
        self.attempts = attempts
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.startedAt = startedAt
        self.completedAt = completedAt
    }
}

/// How one item ended, as the worker reports it.
public struct EnrichmentItemOutcome: Sendable {
    public var itemId: String
    public var leadId: String
    public var status: EnrichmentItemStatus
    /// The value to write on the Lead (completed items with a value).
    public var value: JSONValue?
    public var skippedReason: String?
    public var errorMessage: String?

    public init(itemId: String, leadId: String, status: EnrichmentItemStatus, value: JSONValue? = nil, skippedReason: String? = nil, errorMessage: String? = nil) {
        self.itemId = itemId
        self.leadId = leadId
        self.status = status
        self.value = value
        self.skippedReason = skippedReason
        self.errorMessage = errorMessage
    }
}

import Foundation
import Hummingbird
import PuffleAPI
import PuffleCore

/// `/api/enrichments` and `/api/enrichment`: the catalog, runs, their items, cancel; and `/api/credits`.
struct EnrichmentController: Sendable {
    let enrichments: any EnrichmentStore
    let credits: any CreditStore
    let catalog: EnrichmentCatalog
    let prices: CreditPrices

    func register(on table: RouteTable) {
        table.on("listEnrichments", list)
        table.on("createEnrichment", create)
        table.on("getEnrichment", status)
        table.on("listEnrichmentItems", items)
        table.on("cancelEnrichment", cancel)
        table.on("getCredits", ledger)
    }

    @Sendable func list(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        var entries = catalog.enrichers.map(\.definition)
        if let id = context.query.string("id") {
            entries = entries.filter { $0.slug == id }
            if entries.isEmpty { throw PuffleError.notFound("Enrichment \(id) not found") }
        }
        if let q = context.query.string("q")?.lowercased() {
            entries = entries.filter { "\($0.slug) \($0.name) \($0.description)".lowercased().contains(q) }
        }
        return Reply(["enrichments": .array(entries.map { EnrichmentJSON.definition($0, credits: prices.cost(of: $0.creditAction) ?? 0) })])
    }

    @Sendable func create(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.parseJSON(context: context)
        let parsed = try EnrichmentRequestReader(catalog: catalog, prices: prices).read(body, workspaceId: caller.workspaceId, correlationId: context.correlationId)
        let (run, reused) = try await enrichments.createRun(parsed)
        let required = EnrichmentPlanner.cost(leadCount: run.resolvedCount, unitCost: run.unitCost)
        let balance = try await credits.balance(workspaceId: caller.workspaceId)
        // A preview stores nothing, so it gets no id a later GET would answer 404 for.
        let runId: JSONValue = parsed.preview ? .null : .string(run.id)
        return Reply([
            "enrichmentRunId": runId, "runId": runId, "status": .string(parsed.preview ? "preview" : run.status.rawValue),
            "leadCount": .integer(Int64(run.resolvedCount)), "triggerRunId": .null, "reusedExistingRun": .bool(reused),
            "creditsRequired": .integer(Int64(required)), "balance": .integer(Int64(balance)),
            "sufficient": .bool(parsed.preview ? required <= balance : true),
        ])
    }

    @Sendable func status(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let run = try await enrichments.run(workspaceId: caller.workspaceId, id: try context.pathParameter("id"))
        return Reply(["run": EnrichmentJSON.run(run, definition: catalog.enricher(run.slug)?.definition)])
    }

    @Sendable func items(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let limit = try context.query.int("limit", default: 50, range: 1...100)
        let items = try await enrichments.items(
            workspaceId: caller.workspaceId, runId: try context.pathParameter("id"),
            status: try context.query.enumValue("status", as: EnrichmentItemStatus.self), leadId: context.query.string("leadId"),
            after: context.query.string("cursor"), limit: limit + 1)
        let page = Array(items.prefix(limit))
        let hasMore = items.count > limit
        return Reply([
            "items": .array(page.map(EnrichmentJSON.item)),
            "page": ["limit": .integer(Int64(limit)), "nextCursor": hasMore ? .string(page.last?.id ?? "") : .null, "hasMore": .bool(hasMore)],
        ])
    }

    @Sendable func cancel(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let run = try await enrichments.cancel(workspaceId: caller.workspaceId, id: try context.pathParameter("id"))
        return Reply(["run": ["id": .string(run.id), "status": .string(run.status.rawValue), "cancelledAt": EnrichmentJSON.time(run.cancelledAt)]])
    }

    @Sendable func ledger(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let limit = try context.query.int("limit", default: 50, range: 1...500)
        let entries = try await credits.entries(workspaceId: caller.workspaceId, limit: limit)
        let balance = try await credits.balance(workspaceId: caller.workspaceId)
        return Reply([
            "balance": .integer(Int64(balance)),
            "entries": .array(entries.map { ["id": .string($0.id), "amount": .integer(Int64($0.amount)), "reason": .string($0.reason), "createdAt": .string($0.createdAt.iso8601)] }),
        ])
    }
}

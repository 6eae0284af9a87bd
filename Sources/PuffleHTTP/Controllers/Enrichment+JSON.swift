import PuffleCore

/// Enrichments, runs and items as the API shows them.
enum EnrichmentJSON {
    static func time(_ timestamp: Timestamp?) -> JSONValue {
        timestamp.map { .string($0.iso8601) } ?? .null
    }

    static func definition(_ definition: EnrichmentDefinition, credits: Int) -> JSONValue {
        [
            "id": .string(definition.slug), "slug": .string(definition.slug), "name": .string(definition.name),
            "description": .string(definition.description), "subject": .string(definition.subject.rawValue),
            "version": .string(String(definition.version)), "enabled": .bool(definition.unavailableReason == nil), "visibility": "public",
            "unavailableReason": definition.unavailableReason.map(JSONValue.string) ?? .null,
            "inputSchema": definition.inputSchema, "outputSchema": definition.outputSchema,
            "defaultOutput": ["target": "lead_attribute", "attributeKey": .string(definition.defaultAttributeKey)],
            "defaultOutputAttributeKey": .string(definition.defaultAttributeKey),
            "outputOverridePolicy": ["attributeKey": "allowed", "targets": ["lead_attribute", "list_membership"]],
            "costModel": ["creditAction": .string(definition.creditAction), "credits": .integer(Int64(credits))],
            "toolBinding": ["type": "job", "taskId": "enrichment"],
        ]
    }

    static func run(_ run: EnrichmentRun, definition: EnrichmentDefinition?) -> JSONValue {
        let counts = JSONValue.object(Dictionary(uniqueKeysWithValues: EnrichmentItemStatus.allCases.map { ($0.rawValue, JSONValue.integer(Int64(run.counts[$0] ?? 0))) }))
        let preview: JSONValue = [
            "creditAction": .string(run.creditAction), "unitCost": .integer(Int64(run.unitCost)), "units": .integer(Int64(run.resolvedCount)),
            "credits": .integer(Int64(run.resolvedCount * run.unitCost)),
        ]
        return [
            "id": .string(run.id), "status": .string(run.status.rawValue), "mode": .string(run.mode),
            "enrichment": [
                "id": .string(run.slug), "slug": .string(run.slug), "version": .integer(Int64(run.version)),
                "snapshot": definition.map { Self.definition($0, credits: run.unitCost) } ?? [:],
            ],
            "scope": [
                "type": .string(run.scopeType), "listId": run.listId.map(JSONValue.string) ?? .null, "requested": run.requestedScope,
                "resolvedCount": .integer(Int64(run.resolvedCount)), "counts": counts,
            ],
            "output": [
                "target": .string(run.outputTarget.rawValue), "attributeKey": .string(run.attributeKey), "writePolicy": .string(run.writePolicy.rawValue),
                "persistResults": .bool(run.mode == "persisted"),
            ],
            "cost": [
                "preview": preview,
                "actual": run.mode == "persisted"
                    ? ["credits": .integer(Int64(run.creditsCharged)), "refunded": .integer(Int64(run.creditsRefunded)), "creditAction": .string(run.creditAction)]
                    : .null,
            ],
            "trigger": ["correlationId": run.correlationId.map(JSONValue.string) ?? .null, "triggerRunId": .null, "dispatchMetadata": ["queue": "jobs"]],
            "error": run.errorMessage.map { ["message": .string($0), "details": .null] } ?? .null,
            "timing": [
                "startedAt": time(run.startedAt), "completedAt": time(run.completedAt), "cancelledAt": time(run.cancelledAt),
                "createdAt": time(run.createdAt), "updatedAt": time(run.updatedAt),
            ],
        ]
    }

    static func item(_ item: EnrichmentItem) -> JSONValue {
        let result = item.resultJSON.flatMap { try? JSONParser.parse($0) } ?? .null
        return [
            "id": .string(item.id), "runId": .string(item.runId), "leadId": .string(item.leadId),
            "listId": item.listId.map(JSONValue.string) ?? .null,
            "membershipId": item.listId.map { .string("\($0):\(item.leadId)") } ?? .null, "status": .string(item.status.rawValue),
            "result": result, "skippedReason": item.skippedReason.map(JSONValue.string) ?? .null,
            "error": item.errorMessage.map { ["message": .string($0), "details": .null] } ?? .null,
            "attempts": .integer(Int64(item.attempts)), "metadata": ["result": result],
            "timing": ["startedAt": time(item.startedAt), "completedAt": time(item.completedAt), "createdAt": time(item.createdAt), "updatedAt": time(item.updatedAt)],
        ]
    }
}

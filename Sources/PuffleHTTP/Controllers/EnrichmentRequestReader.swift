import PuffleCore

/// Checks a `POST /api/enrichment` body field by field and turns it into an ``EnrichmentRequest``.
struct EnrichmentRequestReader {
    let catalog: EnrichmentCatalog
    let prices: CreditPrices

    static let scopeKeys: Set<String> = ["type", "leadIds", "listId", "filter"]

    func read(_ body: JSONValue, workspaceId: String, correlationId: String) throws -> EnrichmentRequest {
        guard let object = body.objectValue else { throw PuffleError.invalidRequest("body: must be a JSON object") }
        guard let slug = object["enrichmentId"]?.stringValue, !slug.isEmpty else {
            throw PuffleError.invalidRequest("enrichmentId: is required and must be an Enrichment slug (see GET /api/enrichments)")
        }
        guard let enricher = catalog.enricher(slug) else { throw PuffleError.notFound("Enrichment \(slug) not found") }
        if let reason = enricher.definition.unavailableReason {
            throw PuffleError.refused(code: "ENRICHMENT_UNAVAILABLE", kind: .rejected, message: "\(slug) is not available on this server: \(reason)")
        }
        let definition = enricher.definition
        let mode = try Self.optionalString(object, "mode") ?? "persisted"
        guard mode == "persisted" || mode == "preview" else { throw PuffleError.invalidRequest("mode: must be persisted or preview") }
        guard let scopeValue = object["scope"], let scopeObject = scopeValue.objectValue else {
            throw PuffleError.invalidRequest("scope: is required and must be an object with type explicit_leads, list or filtered_list")
        }
        let scope = try Self.scope(scopeObject)
        let input: JSONObject
        switch object["input"] {
        case nil, .null: input = [:]
        case .object(let value): input = value
        default: throw PuffleError.invalidRequest("input: must be an object")
        }
        let problems = enricher.problems(in: input)
        if !problems.isEmpty { throw PuffleError.refused(code: "INVALID_INPUT", kind: .rejected, message: problems.joined(separator: "; ")) }
        var attributeKey = definition.defaultAttributeKey
        var target = EnrichmentOutputTarget.leadAttribute
        switch object["output"] {
        case nil, .null: break
        case .object(let output):
            if let value = output["target"], value != .null {
                guard let text = value.stringValue, let parsed = EnrichmentOutputTarget(rawValue: text) else {
                    throw PuffleError.refused(
                        code: "OUTPUT_TARGET_UNSUPPORTED", kind: .rejected,
                        message: "output.target: must be lead_attribute or list_membership, got \(JSONWriter.string(value))")
                }
                guard parsed == .leadAttribute || (scope.listId != nil && scope.listId != LeadList.defaultListAlias) else {
                    throw PuffleError.refused(
                        code: "OUTPUT_TARGET_UNSUPPORTED", kind: .rejected,
                        message: "output.target list_membership needs a scope with the listId of a List other than all")
                }
                target = parsed
            }
            if let key = output["attributeKey"], key != .null {
                guard let text = key.stringValue, Self.isAttributeKey(text) else {
                    throw PuffleError.invalidRequest("output.attributeKey: must be 1 to 64 letters, digits, '_', '-' or '.'")
                }
                attributeKey = text
            }
        default: throw PuffleError.invalidRequest("output: must be an object")
        }
        let policyText = try Self.optionalString(object, "writePolicy") ?? EnrichmentWritePolicy.overwrite.rawValue
        guard let writePolicy = EnrichmentWritePolicy(rawValue: policyText) else { throw PuffleError.invalidRequest("writePolicy: must be overwrite or skip_existing") }
        let key = try Self.optionalString(object, "idempotencyKey")
        if let key, key.isEmpty || key.count > 200 { throw PuffleError.invalidRequest("idempotencyKey: must be 1 to 200 characters") }
        if let display = object["displayRequest"], display != .null, display.objectValue == nil {
            throw PuffleError.invalidRequest("displayRequest: must be an object")
        }
        var fingerprinted = object
        fingerprinted["idempotencyKey"] = nil
        let fingerprint = String(StableHash.fnv1a(JSONWriter.string(.object(fingerprinted))), radix: 16)
        var request = EnrichmentRequest(
            workspaceId: workspaceId, slug: slug, preview: mode == "preview", scope: scope, requestedScope: scopeValue, input: input,
            attributeKey: attributeKey, writePolicy: writePolicy, idempotencyKey: key, fingerprint: fingerprint, subject: definition.subject,
            creditAction: definition.creditAction, unitCost: prices.cost(of: definition.creditAction) ?? 0, correlationId: correlationId)
        request.outputTarget = target
        return request
    }

    static func scope(_ object: JSONObject) throws -> EnrichmentScope {
        if let unknown = object.keys.sorted().first(where: { !scopeKeys.contains($0) }) {
            throw PuffleError.invalidRequest("scope.\(unknown): not a scope field; a scope has type, leadIds, listId and filter only")
        }
        let listId = try optionalString(object, "listId", prefix: "scope.")
        switch object["type"]?.stringValue {
        case "explicit_leads":
            guard let ids = object["leadIds"]?.arrayValue, !ids.isEmpty else {
                throw PuffleError.invalidRequest("scope.leadIds: explicit_leads needs a non-empty array of Lead ids")
            }
            let leadIds = ids.compactMap(\.stringValue)
            guard leadIds.count == ids.count else { throw PuffleError.invalidRequest("scope.leadIds: must be strings") }
            return .explicitLeads(leadIds: leadIds, listId: listId)
        case "list":
            guard let listId else { throw PuffleError.invalidRequest("scope.listId: list needs a listId") }
            return .list(listId: listId)
        case "filtered_list":
            guard let listId else { throw PuffleError.invalidRequest("scope.listId: filtered_list needs a listId") }
            return .filteredList(listId: listId, filter: try filter(object["filter"]))
        default:
            throw PuffleError.invalidRequest("scope.type: must be explicit_leads, list or filtered_list")
        }
    }

    /// A LeadFilter from the same fields as `GET /api/leads`.
    static func filter(_ value: JSONValue?) throws -> LeadFilter {
        guard let object = value?.objectValue else { throw PuffleError.invalidRequest("scope.filter: filtered_list needs a filter object") }
        var filter = LeadFilter()
        for (key, value) in object {
            guard key == "type" || LeadFilterField(rawValue: key) != nil else {
                throw PuffleError.invalidRequest("scope.filter.\(key): not a Lead filter field")
            }
            guard let text = value.stringValue else { throw PuffleError.invalidRequest("scope.filter.\(key): must be a string") }
            if key == "type" {
                guard let type = LeadType(rawValue: text) else { throw PuffleError.invalidRequest("scope.filter.type: must be person or company") }
                filter.type = type
            } else if let field = LeadFilterField(rawValue: key) {
                filter.texts[field] = text
            }
        }
        return filter
    }

    static func optionalString(_ object: JSONObject, _ field: String, prefix: String = "") throws -> String? {
        switch object[field] {
        case nil, .null: return nil
        case .string(let text): return text
        default: throw PuffleError.invalidRequest("\(prefix)\(field): must be a string")
        }
    }

    static func isAttributeKey(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
    }
}

import Hummingbird
import PuffleCore

extension WorkspaceController {
    @Sendable func provisionCredits(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        guard freePlanCredits > 0 else { return Reply(["provisioned": false, "reason": "no_free_plan"] as JSONValue) }
        let provisioned = try await credits.provisionFreePlan(workspaceId: caller.workspaceId, amount: freePlanCredits)
        return Reply(provisioned ? ["provisioned": true] : ["provisioned": false, "reason": "already_has_plan"] as JSONValue)
    }

    @Sendable func creditsConfig(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        var operations: JSONObject = [:]
        var legacy: JSONObject = [:]
        var costs: JSONObject = [:]
        for action in CreditAction.all {
            let credits = prices.cost(of: action.name) ?? action.defaultCredits
            operations[action.operationId] = [
                "id": .string(action.operationId), "label": .string(action.label), "credits": .integer(Int64(credits)),
                "billableUnit": .string(action.billableUnit), "unitLabel": .string(action.unitLabel),
                "featureGroup": .string(action.featureGroup), "certainty": "maximum",
            ]
            legacy[action.name] = .string(action.operationId)
            costs[action.name] = .integer(Int64(credits))
        }
        return Reply([
            "registryVersion": "billing-registry:v1",
            "operations": .object(operations),
            "plans": [
                "self_hosted": [
                    "id": "self_hosted", "billingProductId": "self_hosted",
                    "display": ["name": "Self-hosted", "order": .integer(1), "badge": "", "positioning": "Credits granted by the operator"],
                ]
            ],
            "entitlements": ["keys": []],
            "legacyCreditActions": .object(legacy),
            "costs": .object(costs),
        ])
    }

    struct PreviewRequest: Decodable {
        var action: String
        var count: Int
    }

    @Sendable func previewCredits(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = try await request.decodeJSON(as: PreviewRequest.self, context: context)
        guard let cost = prices.cost(of: input.action) else {
            throw PuffleError.invalidRequest("action: must be one of \(CreditAction.all.map(\.name).joined(separator: ", "))")
        }
        guard input.count >= 1 else { throw PuffleError.invalidRequest("count: must be at least 1") }
        let (total, overflow) = cost.multipliedReportingOverflow(by: input.count)
        guard !overflow else { throw PuffleError.invalidRequest("count: is too large") }
        let balance = try await credits.balance(workspaceId: caller.workspaceId)
        return Reply([
            "action": .string(input.action), "count": .integer(Int64(input.count)), "costPerUnit": .integer(Int64(cost)),
            "totalCredits": .integer(Int64(total)), "totalDollars": .number(CreditPrices.dollars(forCredits: total)),
            "required": .integer(Int64(total)), "sufficient": .bool(balance >= total), "balance": .integer(Int64(balance)),
        ])
    }
}

import Foundation
import Hummingbird
import PuffleCore

/// `/api/account`, `/api/context`, `/api/credits/*`.
struct WorkspaceController: Sendable {
    let workspaces: any WorkspaceStore
    let credits: any CreditStore
    let prices: CreditPrices
    /// Credits `POST /api/credits/provision` grants (`PUFFLE_FREE_PLAN_CREDITS`).
    let freePlanCredits: Int

    func register(on table: RouteTable) {
        table.on("getAccount", account)
        table.on("updateAccount", updateAccount)
        table.on("getContext", context)
        table.on("updateContext", updateContext)
        table.on("getCreditsConfig", creditsConfig)
        table.on("previewCredits", previewCredits)
        table.on("provisionCredits", provisionCredits)
    }

    @Sendable func account(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        Reply(Self.accountBody(try await workspaces.workspace(id: caller.workspaceId)))
    }

    struct AccountUpdate: Decodable {
        var email: String?
        var password: String?
        var firstName: String??
        var lastName: String??

        enum CodingKeys: String, CodingKey { case email, password, firstName, lastName }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            email = try container.decodeIfPresent(String.self, forKey: .email)
            password = try container.decodeIfPresent(String.self, forKey: .password)
            for key in [CodingKeys.firstName, .lastName] where container.contains(key) {
                let value: String?? = .some(try container.decodeNil(forKey: key) ? nil : container.decode(String.self, forKey: key))
                if key == .firstName { firstName = value } else { lastName = value }
            }
        }
    }

    @Sendable func updateAccount(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let input = try await request.decodeJSON(as: AccountUpdate.self, context: context)
        if input.email != nil, input.password != nil { throw PuffleError.invalidRequest("email and password cannot change in one request") }
        if input.email != nil || input.password != nil {
            throw PuffleError.forbidden("email and password are managed by the signed-in user in the dashboard; an API key cannot change them (canManageAuth is false)")
        }
        guard input.firstName != nil || input.lastName != nil else { throw PuffleError.invalidRequest("Send at least one of firstName, lastName") }
        let workspace = try await workspaces.updateAccount(workspaceId: caller.workspaceId, firstName: input.firstName, lastName: input.lastName)
        return Reply(Self.accountBody(workspace))
    }

    static func accountBody(_ workspace: Workspace) -> JSONValue {
        let account = workspace.account
        return [
            "account": ["id": .string(workspace.id), "email": account.email.map(JSONValue.string) ?? .null, "fullName": account.fullName.map(JSONValue.string) ?? .null],
            "profile": ["firstName": account.firstName.map(JSONValue.string) ?? .null, "lastName": account.lastName.map(JSONValue.string) ?? .null],
            "canManageAuth": false,
        ]
    }

    @Sendable func context(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        Reply(try await workspaces.context(workspaceId: caller.workspaceId))
    }

    @Sendable func updateContext(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context)
        guard let object = body.objectValue, object["context"] != nil || object["profile"] != nil else {
            throw PuffleError.invalidRequest("body: send context, profile or both; each one sent replaces that half, a half not sent stays as it is")
        }
        // Each key replaces its half; a key left out keeps the saved half rather than wiping it. The
        // halves sent are checked first; the merge reads and writes in one transaction.
        try ContextValidation.validate(WorkspaceContext(context: object["context"] ?? .null, profile: object["profile"] ?? .null))
        let sent = (context: object["context"], profile: object["profile"])
        let document = try await workspaces.updateContext(workspaceId: caller.workspaceId) { saved in
            WorkspaceContext(context: sent.context ?? saved.context, profile: sent.profile ?? saved.profile)
        }
        return Reply(document)
    }

}

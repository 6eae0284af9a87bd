import Foundation
import Hummingbird
import PuffleCore

/// `/api/threads`: the Unibox's threads and their messages.
struct ThreadController: Sendable {
    let unibox: any UniboxStore
    let senders: any SenderStore
    let campaigns: any CampaignStore
    let mail: MailServices
    let linkKeys: MailLinkKeys
    /// Where attachment links point (`PUFFLE_PUBLIC_BASE_URL`, else this server).
    let linkBaseURL: String
    let clock: any WallClock

    /// Signs attachment links, fresh for each answer.
    func links() async throws -> AttachmentLinks {
        AttachmentLinks(baseURL: linkBaseURL, token: try await linkKeys.token())
    }

    func register(on table: RouteTable) {
        table.on("listThreads", list)
        table.on("getThread", detail)
        table.on("listThreadMessages", messages)
        table.on("updateThread", update)
        table.on("createThread", create)
        table.on("sendThreadMessage", send)
        table.on("uploadThreadAttachment", upload)
    }

    @Sendable func list(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let query = context.query
        let page = try query.int("page", default: 1, range: 1...1_000_000)
        let limit = try query.int("limit", default: 50, range: 1...100)
        var filter = ThreadFilter(
            views: try query.enumList("view", as: ThreadView.self), inboxStates: try query.enumList("inbox_state", as: InboxState.self),
            statuses: try query.enumList("status", as: ThreadStatus.self), unread: try query.bool("unread"),
            bounced: try query.bool("bounced"), channel: try query.enumValue("channel", as: SenderType.self), accountId: query.string("sender_id"),
            campaignId: query.string("campaign_id"), participantEmail: query.string("participant_email"), search: query.string("search")
        ).withDefaultView
        if try query.bool("correspondence") == true {
            guard filter.participantEmail != nil else { throw PuffleError.invalidRequest("correspondence=true needs participant_email") }
            filter = ThreadFilter(channel: .email, participantEmail: filter.participantEmail, excludeThreadId: query.string("exclude_thread_id"))
        }
        let (threads, total) = try await unibox.threads(workspaceId: caller.workspaceId, filter: filter, page: page, limit: limit)
        var body: JSONObject = [
            "threads": .array(threads.map { UniboxJSON.thread($0) }), "total": .integer(Int64(total)), "page": .integer(Int64(page)),
            "limit": .integer(Int64(limit)),
        ]
        let include = query.string("include")
        guard include == nil || include == "filter_options" else { throw PuffleError.invalidRequest("include: must be filter_options, got \"\(include ?? "")\"") }
        if include != nil {
            let accounts = try await senders.accounts(workspaceId: caller.workspaceId, type: nil)
            let campaignList = try await campaigns.summaries(workspaceId: caller.workspaceId)
            body["filter_options"] = [
                "senders": .array(accounts.map { ["id": .string($0.id), "display_name": .string($0.displayName)] }),
                "campaigns": .array(campaignList.map { ["id": .string($0.campaign.id), "name": .string($0.campaign.settings.name)] }),
            ]
        }
        return Reply(.object(body))
    }

    @Sendable func detail(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let summary = try await unibox.thread(id: try context.pathParameter("id"), workspaceId: caller.workspaceId, markRead: true)
        let (messages, _) = try await unibox.messages(threadId: summary.thread.id, workspaceId: caller.workspaceId, page: 1, limit: 100_000)
        var account: SenderAccount?
        if let accountId = summary.thread.accountId { account = try? await senders.account(id: accountId, workspaceId: caller.workspaceId) }
        var details = JSONValue.null
        if let email = summary.thread.participantEmail, let found = try await unibox.participantDetails(workspaceId: caller.workspaceId, email: email) {
            details = ["company": .orNull(found.company), "position": .orNull(found.position), "headline": .orNull(found.headline)]
        }
        return Reply([
            "thread": UniboxJSON.thread(summary), "messages": .array(messages.map(UniboxJSON.message(links: try await links(), now: clock.now()))),
            "participantDetails": details,
            "senderDisconnected": .bool(!(account?.status.isSendable ?? false)),
            "senderAccount": account.map { ["display_name": .string($0.displayName), "status": .string($0.status.rawValue)] } ?? .null,
        ])
    }

    @Sendable func messages(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let page = try context.query.int("page", default: 1, range: 1...1_000_000)
        let limit = try context.query.int("limit", default: 50, range: 1...200)
        let (messages, total) = try await unibox.messages(threadId: try context.pathParameter("id"), workspaceId: caller.workspaceId, page: page, limit: limit)
        return Reply([
            "messages": .array(messages.map(UniboxJSON.message(links: try await links(), now: clock.now()))), "total": .integer(Int64(total)),
            "page": .integer(Int64(page)),
            "limit": .integer(Int64(limit)),
        ])
    }

    @Sendable func update(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let change = try ThreadChange(body)
        let id = try context.pathParameter("id")
        if case .some(.some(let accountId)) = change.draft.accountId {
            _ = try await sendableSender(accountId, workspaceId: caller.workspaceId)
            var moved = try await unibox.thread(id: id, workspaceId: caller.workspaceId, markRead: false).thread
            change.apply(to: &moved)
            if let conflict = try await duplicate(of: moved) { return conflict }
        }
        let files = try await attachments(change.draft.attachmentIds ?? nil, workspaceId: caller.workspaceId)
        let clearsFiles = change.draft.attachmentIds != nil
        let summary = try await unibox.updateThread(id: id, workspaceId: caller.workspaceId, now: clock.now()) { thread in
            change.apply(to: &thread)
            if clearsFiles { thread.draft.attachments = files }
        }
        return Reply(["thread": UniboxJSON.thread(summary, links: try await links(), now: clock.now())])
    }
}

/// A PATCH of a thread, read from its body: only `active` and `archived` are honoured for status.
struct ThreadChange: Sendable {
    var status: ThreadStatus?
    var unreadCount: Int?
    var draft: ThreadDraftInput

    init(_ body: JSONObject) throws {
        draft = try ThreadDraftInput(body)
        if case .string(let text)? = body["status"], let status = ThreadStatus(rawValue: text), status == .active || status == .archived {
            self.status = status
        }
        if let value = body["unread_count"] {
            guard case .integer(let count) = value, (0...1_000_000).contains(count) else {
                throw PuffleError.invalidRequest("unread_count: must be an integer from 0 to 1000000")
            }
            unreadCount = Int(count)
        }
        guard status != nil || unreadCount != nil || draft.touchesAnything else {
            throw PuffleError.invalidRequest("Nothing to change: give status (active or archived), unread_count, account_id or a draft field")
        }
    }

    func apply(to thread: inout UniboxThread) {
        if let status { thread.status = status }
        if let unreadCount { thread.unreadCount = unreadCount }
        draft.apply(to: &thread)
    }
}

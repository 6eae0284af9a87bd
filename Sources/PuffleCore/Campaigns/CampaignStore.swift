/// A campaign with what its listing shows.
public struct CampaignSummary: Sendable {
    public var campaign: Campaign
    public var nodeCount: Int
    /// Prospect statuses, for `stats`; empty for a draft.
    public var counts: CampaignCounts

    public init(campaign: Campaign, nodeCount: Int, counts: CampaignCounts) {
        self.campaign = campaign
        self.nodeCount = nodeCount
        self.counts = counts
    }
}

/// How a batch of new prospects went in.
public struct RosterAddition: Sendable, Equatable {
    public var imported: Int
    public var duplicates: Int

    public init(imported: Int, duplicates: Int) {
        self.imported = imported
        self.duplicates = duplicates
    }
}

/// Campaigns, their sequences, rosters and messages, and the outbox the sending engine works from.
///
/// Writes that depend on a campaign's state check it in the same transaction: draft-only edits
/// answer `PuffleError.invalidRequest` once the campaign left draft, and saves carry the version
/// they read (`PuffleError.conflict` when another write came between).
public protocol CampaignStore: Sendable {
    // MARK: Campaigns

    /// - Throws: `PuffleError.conflict` when the workspace has a campaign of this name.
    func create(_ campaign: Campaign, nodes: [SequenceNode]) async throws -> Campaign
    /// Every campaign of the workspace with its node count and counts.
    func summaries(workspaceId: String) async throws -> [CampaignSummary]
    /// - Throws: `PuffleError.notFound`.
    func campaign(id: String, workspaceId: String) async throws -> Campaign
    /// The sequence in position order.
    func nodes(campaignId: String) async throws -> [SequenceNode]
    /// Saves settings and senders (and, when given, the whole sequence), only if the campaign is
    /// still as read (`updatedAt` and status of `read`).
    /// - Throws: `PuffleError.conflict` on a name taken or a concurrent change.
    func save(_ campaign: Campaign, nodes: [SequenceNode]?, read: Campaign) async throws -> Campaign
    /// Moves a campaign from one of `from` to `to` (a compare-and-set).
    /// - Throws: `PuffleError.notFound`; `PuffleError.conflict` when it is in none of `from`.
    func transition(id: String, workspaceId: String, from: Set<CampaignStatus>, to: CampaignStatus, pauseReason: String?, now: Timestamp) async throws -> Campaign
    /// Deletes a campaign and everything it owns. - Throws: `PuffleError.notFound`.
    func delete(id: String, workspaceId: String) async throws
    /// Prospects and messages by status.
    func counts(campaignId: String) async throws -> CampaignCounts

    // MARK: Roster

    /// A page of the roster, oldest first, and the total for the filter.
    func prospects(campaignId: String, status: ProspectStatus?, offset: Int, limit: Int) async throws -> (rows: [CampaignProspect], total: Int)
    /// The prospects with these ids (of this campaign).
    func prospects(campaignId: String, ids: [String]) async throws -> [CampaignProspect]
    /// Adds prospects to a draft campaign; an address already on the roster is a duplicate.
    /// - Throws: `PuffleError.invalidRequest` when the campaign is no longer a draft.
    func addProspects(campaignId: String, workspaceId: String, _ fields: [ProspectFields], source: String, sourceRef: String?, now: Timestamp) async throws
        -> RosterAddition
    /// Replaces a prospect's fields (draft only). - Throws: `notFound`; `conflict` when the address is taken.
    func updateProspect(campaignId: String, id: String, fields: ProspectFields, now: Timestamp) async throws -> CampaignProspect
    /// Removes prospects by id, or all (draft only). - Returns: how many went.
    func removeProspects(campaignId: String, ids: [String]?) async throws -> Int
    /// The addresses of `emails` on the workspace's suppression list.
    func suppressed(workspaceId: String, emails: [String]) async throws -> Set<String>

    // MARK: Messages

    /// Stores generated drafts, replacing earlier drafts of the same prospect and node unless they
    /// were edited by hand; messages past draft are never touched.
    func saveDrafts(_ messages: [CampaignMessage], campaignId: String) async throws
    /// Messages of a campaign, optionally of one status and one prospect, oldest first.
    func messages(campaignId: String, statuses: Set<MessageStatus>?, prospectId: String?, limit: Int) async throws -> [CampaignMessage]
    /// Edits a draft. - Throws: `notFound`; `invalidRequest` when it is no longer a draft.
    func editDraft(campaignId: String, id: String, subject: String?, bodyText: String?, now: Timestamp) async throws -> CampaignMessage
    /// Drafts per node id: what validate counts.
    func draftCounts(campaignId: String) async throws -> [String: Int]
    /// Messages of one sender sent since a time by this campaign, per sender.
    func sentCounts(campaignId: String, since: Timestamp) async throws -> [String: Int]

    // MARK: Launch and sending

    /// Schedules every pending prospect's first step (`nextPosition` at `dueAt`), turns drafts
    /// into `pending` messages, and moves the campaign from `launching` to `active`. - Returns: how many prospects were scheduled.
    func start(campaignId: String, nextPosition: Int, dueAt: Timestamp, now: Timestamp) async throws -> Int
    /// Active email campaigns with prospects due at `now`, and the workspace of each, by id after `after`.
    func dueCampaigns(now: Timestamp, after: String?, limit: Int) async throws -> [(id: String, workspaceId: String)]
    /// Prospects of an active campaign whose next step is due, oldest due first: those at the end of
    /// their sequence (a position not in `sendablePositions`), and, unless `excludingSenders` is nil
    /// (nothing may be sent now), those to send whose kept sender is not one of `excludingSenders`
    /// (full or unwell: they wait without holding up the others).
    func dueProspects(campaignId: String, now: Timestamp, limit: Int, sendablePositions: [Int], excludingSenders: [String]?) async throws -> [CampaignProspect]
    /// Earlier messages that left for these prospects, oldest first, for threading follow-ups.
    func earlierMessages(prospectIds: [String]) async throws -> [String: [CampaignComposer.Earlier]]
    /// The generated messages (drafts, or waiting after a refusal) of these prospects: what is sent instead of the node's template.
    func generated(prospectIds: [String]) async throws -> [CampaignMessage]
    /// Deferrals so far of the message each of these prospects is being sent, by prospect id (one step is in flight at a time).
    func deferrals(prospectIds: [String]) async throws -> [String: Int]
    /// Reserves sends: in one transaction, only while the campaign is active, each prospect still
    /// due and not terminal and its address not suppressed, the outbox row of (prospect, node) is
    /// written as `sending` (never over a row that already left). A suppressed prospect is cancelled.
    /// - Returns: the reservations made; the others were taken, finished, paused or suppressed.
    func reserve(_ reservations: [Reservation], now: Timestamp) async throws -> [Reservation]
    /// Writes what sends (and due ends) led to; each outbox row moves only from `sending`.
    func finish(_ results: [SendResult], campaignId: String, now: Timestamp) async throws
    /// Outbox rows left in `sending` by a worker that died, with their prospects.
    func unfinishedSends(limit: Int) async throws -> [(campaignId: String, prospect: CampaignProspect, nodeId: String)]
    /// Marks an active campaign `completed` when no prospect is left to write to. - Returns: whether it did.
    func completeIfDone(campaignId: String, now: Timestamp) async throws -> Bool

    // MARK: Links

    /// Suppresses the prospect's address in its workspace and cancels it in every campaign there.
    /// - Returns: the address and the campaigns it was cancelled in; nil for an unknown prospect.
    func unsubscribe(prospectId: String, now: Timestamp) async throws -> (email: String, campaignIds: [String])?
    /// Records an open of a prospect's step (the first open time stays).
    func recordOpen(prospectId: String, nodeId: String, now: Timestamp) async throws
}

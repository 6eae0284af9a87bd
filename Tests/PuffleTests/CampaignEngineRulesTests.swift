import PuffleCore
import Testing

/// The sending engine's rules over plain values: where a prospect goes next, what each SMTP outcome
/// leads to, how a step is written, which edits apply, readiness, and signed links.
@Suite struct CampaignEngineRulesTests {
    let now = Timestamp(milliseconds: 1_776_762_000_000)

    func nodes(_ types: [(NodeType, Int)]) -> [SequenceNode] {
        types.enumerated().map { index, pair in
            var node = SequenceNode(id: "n\(index)", campaignId: "c", position: index, type: pair.0)
            node.delayHours = pair.1
            if pair.0 == .email {
                node.subject = "Subject \(index)"
                node.body = "Body \(index)"
            }
            return node
        }
    }

    @Test func thePlanAddsDelaysUntilTheNextStepAndFinishesAtTheEnd() {
        let sequence = nodes([(.delay, 1), (.email, 0), (.delay, 48), (.delay, 24), (.email, 0), (.end, 0)])
        #expect(SequencePlan.next(from: 0, nodes: sequence, now: now, replyWindow: .zero) == .send(position: 1, at: now.adding(.seconds(3600))))
        #expect(SequencePlan.next(from: 2, nodes: sequence, now: now, replyWindow: .zero) == .send(position: 4, at: now.adding(.seconds(72 * 3600))))
        #expect(SequencePlan.next(from: 5, nodes: sequence, now: now, replyWindow: .zero) == .finish(position: 5, at: now, status: .completed))
        #expect(SequencePlan.next(from: 5, nodes: sequence, now: now, replyWindow: .seconds(60)) == .finish(position: 5, at: now.adding(.seconds(60)), status: .timedOut))
        #expect(SequencePlan.next(from: 0, nodes: nodes([(.email, 0)]), now: now, replyWindow: .zero) == .send(position: 0, at: now))
        #expect(SequencePlan.next(from: 1, nodes: nodes([(.email, 0)]), now: now, replyWindow: .zero) == .finish(position: 1, at: now, status: .completed),
            "running off the last node is the end")
    }

    func prospect(email: String = "ada@acme.com") -> CampaignProspect {
        CampaignProspect(
            id: "p1", campaignId: "c", workspaceId: "w", status: .pending, fields: ProspectFields(email: email, firstName: "Ada", company: "Acme"),
            source: "api", sourceRef: nil, createdAt: now, updatedAt: now)
    }

    @Test func eachOutcomeMovesTheProspectAsTheRulesSay() {
        let sequence = nodes([(.email, 0), (.delay, 24), (.email, 0), (.end, 0)])
        let accepted = CampaignDispatch.result(of: .accepted("q1"), prospect: prospect(), node: sequence[0], nodes: sequence, deferrals: 0, now: now, replyWindow: .zero)
        #expect(accepted.messageStatus == .sent && accepted.prospectStatus == .sent && accepted.currentNodeId == "n0")
        #expect(accepted.nextPosition == 2 && accepted.dueAt == now.adding(.seconds(86_400)) && accepted.suppress == nil)
        let last = CampaignDispatch.result(of: .accepted(nil), prospect: prospect(), node: sequence[2], nodes: sequence, deferrals: 0, now: now, replyWindow: .zero)
        #expect(last.prospectStatus == .completed && last.currentNodeId == nil && last.dueAt == nil, "finished at once without a reply window")
        let waiting = CampaignDispatch.result(of: .accepted(nil), prospect: prospect(), node: sequence[2], nodes: sequence, deferrals: 0, now: now, replyWindow: .seconds(3600))
        #expect(waiting.prospectStatus == .sent && waiting.nextPosition == 3 && waiting.dueAt == now.adding(.seconds(3600)))

        let bounced = CampaignDispatch.result(of: .bounced("550 no such user"), prospect: prospect(), node: sequence[0], nodes: sequence, deferrals: 0, now: now, replyWindow: .zero)
        #expect(bounced.prospectStatus == .bounced && bounced.bouncedAt == now && bounced.suppress == "ada@acme.com" && bounced.messageStatus == .bounced)

        let unknown = CampaignDispatch.result(of: .unknown("connection reset"), prospect: prospect(), node: sequence[0], nodes: sequence, deferrals: 0, now: now, replyWindow: .zero)
        #expect(unknown.messageStatus == .unknown && unknown.deliveryUnknown && unknown.nextPosition == 2, "never resent: the prospect moves on")

        let deferred = CampaignDispatch.result(of: .deferred("451 later"), prospect: prospect(), node: sequence[0], nodes: sequence, deferrals: 1, now: now, replyWindow: .zero)
        #expect(deferred.messageStatus == .pending && deferred.nextPosition == 0 && deferred.dueAt == now.adding(.seconds(600)) && deferred.prospectStatus == .pending)
        let givenUp = CampaignDispatch.result(of: .deferred("451 later"), prospect: prospect(), node: sequence[0], nodes: sequence, deferrals: 4, now: now, replyWindow: .zero)
        #expect(givenUp.prospectStatus == .bounced && givenUp.suppress == nil, "given up, but no server said the address is gone")
        #expect(CampaignDispatch.retryDelay(deferrals: 1) == .seconds(300) && CampaignDispatch.retryDelay(deferrals: 20) == .seconds(6 * 3600))
    }

    func sender(signature: String? = "Sarah") -> SenderAccount {
        SenderAccount(
            id: "s1", workspaceId: "w", type: .email, displayName: "Sarah Chen", status: .active, warmupStatus: .active, emailAddress: "sarah@acme.example",
            domain: nil, firstName: "Sarah", lastName: "Chen", signature: signature, dailyLimit: 30, smtp: nil, imap: nil, lastError: nil, warmupStartedAt: nil,
            createdAt: now, updatedAt: now)
    }

    @Test func aStepIsWrittenWithTheRightTextSignatureAndThread() {
        var node = SequenceNode(id: "n2", campaignId: "c", position: 2, type: .email)
        node.subject = ""
        node.body = "Hi %first_name%, from %sender_first%"
        node.isReply = true
        var settings = CampaignSettings.defaults(name: "x", type: .email)
        settings.signature = "Best, %sender_first%"
        let earlier = [CampaignComposer.Earlier(messageId: "a@x", subject: "About Acme"), CampaignComposer.Earlier(messageId: "b@x", subject: "Re: About Acme")]
        let email = CampaignComposer.compose(node: node, prospect: prospect(), settings: settings, sender: sender(), generated: nil, earlier: earlier, openPixelURL: nil)
        #expect(email.subject == "Re: About Acme" && email.inReplyTo == "b@x" && email.references == ["a@x", "b@x"])
        #expect(email.text == "Hi Ada, from Sarah\n\nBest, Sarah", "the campaign's signature wins over the sender's")
        #expect(email.messageId == "p1.n2@acme.example" && email.html == nil)

        node.signature = "Node sig"
        let edited = CampaignMessage(
            id: "m", campaignId: "c", prospectId: "p1", nodeId: "n2", subject: "Edited", bodyText: "By hand <b>", bodyHTML: nil, status: .pending,
            manuallyEdited: true, createdAt: now)
        let tracked = CampaignComposer.compose(
            node: node, prospect: prospect(), settings: settings, sender: sender(), generated: edited, earlier: [], openPixelURL: "https://p.example/o.gif")
        #expect(tracked.subject == "Edited" && tracked.text == "By hand <b>\n\nNode sig" && tracked.inReplyTo == nil)
        #expect(tracked.html?.contains("By hand &lt;b&gt;") == true && tracked.html?.hasSuffix("<img src=\"https://p.example/o.gif\" width=\"1\" height=\"1\" alt=\"\">") == true)
        let plain = CampaignComposer.compose(
            node: SequenceNode(id: "n0", campaignId: "c", position: 0, type: .email), prospect: prospect(), settings: .defaults(name: "x", type: .email),
            sender: sender(signature: nil), generated: nil, earlier: [], openPixelURL: nil)
        #expect(plain.text == "", "no signature anywhere: none added")
    }

    @Test func editsApplyByStatusAndChannel() {
        let keys = ["name", "signature", "sequence_nodes", "daily_limit", "skip_other_campaigns", "operating_hours"]
        #expect(CampaignEditRules.applicable(keys, type: .email, status: .draft) == ["name", "signature", "sequence_nodes", "daily_limit", "operating_hours"])
        #expect(CampaignEditRules.applicable(keys, type: .email, status: .active) == ["name", "daily_limit", "operating_hours"])
        #expect(CampaignEditRules.applicable(keys, type: .linkedin, status: .draft) == ["name", "sequence_nodes", "skip_other_campaigns", "operating_hours"])
        #expect(CampaignEditRules.applicable(keys, type: .email, status: .completed).isEmpty)
    }

    @Test func readinessListsEveryProblemAndOnlyTheStatusOnceLaunched() {
        var campaign = Campaign(
            id: "c", workspaceId: "w", type: .email, status: .draft, settings: .defaults(name: "x", type: .email), senderIds: ["s1"], pauseReason: nil,
            launchedAt: nil, createdAt: now, updatedAt: now)
        var warming = sender()
        warming.status = .warming
        var delay = SequenceNode(id: "d", campaignId: "c", position: 1, type: .delay)
        delay.delayMinutes = 0
        let broken = CampaignSnapshot(
            campaign: campaign, nodes: [SequenceNode(id: "e", campaignId: "c", position: 0, type: .email), delay], senders: [warming], allowWarmingAccounts: false,
            pendingProspects: 0, draftMessagesByNode: [:])
        let judged = CampaignReadiness(broken)
        #expect(!judged.ready && judged.checks["sender_accounts_ready"] == false && judged.checks["all_nodes_have_content"] == false)
        #expect(judged.errors.count == 5, "\(judged.errors)")
        #expect(CampaignReadiness(CampaignSnapshot(
            campaign: campaign, nodes: broken.nodes, senders: [warming], allowWarmingAccounts: true, pendingProspects: 0, draftMessagesByNode: [:]
        )).checks["sender_accounts_ready"] == true, "a workspace that allows warming accounts")
        campaign.status = .paused
        #expect(CampaignReadiness(CampaignSnapshot(
            campaign: campaign, nodes: [], senders: [], allowWarmingAccounts: false, pendingProspects: 0, draftMessagesByNode: [:]
        )).errors == ["Campaign is paused — must be draft to launch"])
    }

    @Test func linksAreSignedForTheirPurposeAndRefusedWhenAltered() {
        let token = LinkToken(secret: "server secret")
        let made = token.make(.unsubscribe, id: "01a23c16-b60e-795b-ade3-89d2acdcbf97")
        #expect(token.verify(.unsubscribe, token: made) == "01a23c16-b60e-795b-ade3-89d2acdcbf97")
        #expect(token.verify(.open, token: made) == nil, "an unsubscribe token does not count opens")
        #expect(token.verify(.unsubscribe, token: made + "x") == nil && token.verify(.unsubscribe, token: "nothing") == nil)
        #expect(LinkToken(secret: "another").verify(.unsubscribe, token: made) == nil)
        let links = MailLinks(baseURL: "https://puffle.example/", token: token)
        #expect(links.unsubscribeURL(prospectId: "p1").hasPrefix("https://puffle.example/links/unsubscribe/p1."))
        #expect(MailLinks.step("p1:n2")! == ("p1", "n2") && MailLinks.step("p1") == nil)
    }

    @Test func listLeadsBecomeProspectsAndTheFilterChoosesAndOrders() throws {
        var body = LeadBody(name: LeadName(full: "Ada Lovelace", first: "Ada", last: "Lovelace"))
        body.title = "CTO"
        body.company = LeadCompany(name: "Acme")
        body.socials = [["url": "https://www.linkedin.com/in/ada/?trk=x"]]
        body.attributes = ["work_email": ["email": "Ada@Acme.com", "status": "valid"]]
        let fields = ProspectFields(lead: body, membershipAttributes: nil)
        #expect(fields.email == "ada@acme.com" && fields.position == "CTO" && fields.company == "Acme" && fields.linkedinURL == "https://www.linkedin.com/in/ada")
        body.contacts = [["type": "email", "value": "ada@personal.example"]]
        #expect(ProspectFields(lead: body, membershipAttributes: nil).email == "ada@personal.example", "an email contact comes first")

        let filter = try ListImportFilter(json: ["where": [["field": "company", "value": "acme"]], "orderBy": [["field": "name", "direction": "desc"]], "limit": 2])
        let rows: [(String, ProspectFields)] = [("1", ProspectFields(name: "Bo", company: "Acme")), ("2", ProspectFields(name: "Cy", company: "ACME Inc")),
            ("3", ProspectFields(name: "Al", company: "Acme")), ("4", ProspectFields(name: "Zed", company: "Other"))]
        let admitted = rows.filter { filter.admits(leadId: $0.0, $0.1) }
        #expect(filter.arranged(admitted).map(\.0) == ["2", "1"])
        #expect(throws: PuffleError.self) { try ListImportFilter(json: ["orderBy": [["field": "shoe_size"]]]) }
    }
}

import PuffleCore
import Testing

@Suite struct ContextDraftTests {
    static let home = WebPage(url: "https://acme.example/", status: 200, html: """
        <html><head><title>Acme | Pipeline software</title>
        <meta name="description" content="The CRM for sales teams at fintech startups."></head>
        <body><h1>Close more deals</h1><h2>Forecasts you can trust</h2><h2>Set up in a day</h2></body></html>
        """)
    static let product = WebPage(url: "https://acme.example/product", status: 200, html: """
        <html><head><meta name="description" content="Acme tracks every deal from first call to signature."></head></html>
        """)

    @Test func aSiteGivesTheCompanyHalfAndTheICP() {
        let draft = ContextDraft(pages: [Self.home, Self.product], website: "https://acme.example/")
        #expect(draft.companyName == "Acme")
        #expect(draft.context["company"]?["overview"] == "The CRM for sales teams at fintech startups.")
        #expect(draft.context["company"]?["product"] == "Acme tracks every deal from first call to signature.")
        #expect(draft.context["company"]?["differentiators"] == "Forecasts you can trust; Set up in a day")
        #expect(draft.context["market"]?["targetAudience"] == "sales teams at fintech startups")
        #expect(draft.context["market"]?["icpJobTitles"] == ["Head of Sales"])
        #expect(draft.context["market"]?["icpIndustries"] == ["Fintech"])
        #expect(ContextReadiness(draft.merged(into: WorkspaceContext(), overwrite: false)).isComplete)
    }

    @Test func onboardingKeepsWhatTheUserWroteAndARegenerationReplacesIt() {
        let draft = ContextDraft(pages: [Self.home], website: "https://acme.example/")
        let saved = WorkspaceContext(context: ["company": ["overview": "Our own words"], "content": ["preferredTone": "dry"]], profile: ["firstName": "Sam"])
        let filled = draft.merged(into: saved, overwrite: false)
        #expect(filled.context["company"]?["overview"] == "Our own words")
        #expect(filled.context["company"]?["product"] == "Close more deals")
        #expect(filled.context["content"]?["preferredTone"] == "dry")
        #expect(filled.profile["firstName"] == "Sam")
        let regenerated = draft.merged(into: saved, overwrite: true)
        #expect(regenerated.context["company"]?["overview"] == "The CRM for sales teams at fintech startups.")
        #expect(regenerated.context["content"]?["preferredTone"] == "dry", "fields the draft does not have stay")
    }

    @Test func readinessNamesWhatIsMissing() {
        let readiness = ContextReadiness(WorkspaceContext(context: ["company": ["overview": "x"]], profile: ["companyName": "Acme"]))
        #expect(readiness.filled == ["profile.companyName", "context.company.overview"])
        #expect(readiness.missing.contains("context.market.icpJobTitles"))
        #expect(!readiness.isComplete)
        #expect(ContextRegeneration.nextAllowed(after: Timestamp(milliseconds: 0), now: Timestamp(milliseconds: 1000)) == Timestamp(milliseconds: ContextRegeneration.interval))
        #expect(ContextRegeneration.nextAllowed(after: Timestamp(milliseconds: 0), now: Timestamp(milliseconds: ContextRegeneration.interval)) == nil)
    }
}

@Suite struct RobotsTxtTests {
    @Test func wildcardsAnchorsAndTheLongestRuleDecide() {
        let robots = RobotsTxt(text: """
            User-agent: otherbot
            Disallow: /

            User-agent: *
            Disallow: /private*
            Disallow: /*.pdf$
            Allow: /private/press
            Disallow: /tmp/
            """, agent: "puffle")
        #expect(!robots.allows("/private"))
        #expect(!robots.allows("/private/plans"))
        #expect(robots.allows("/private/press/kit"), "the longer Allow wins")
        #expect(!robots.allows("/files/deck.pdf"))
        #expect(robots.allows("/files/deck.pdf?x=1"), "$ anchors the end")
        #expect(!robots.allows("/tmp/a"))
        #expect(robots.allows("/about"))
        #expect(!RobotsTxt(text: "User-agent: *\nDisallow: /*", agent: "puffle").allows("/anything"))
        #expect(!RobotsTxt(text: "User-agent: puffle\nDisallow: /\nUser-agent: *\nAllow: /", agent: "puffle").allows("/a"))
    }
}

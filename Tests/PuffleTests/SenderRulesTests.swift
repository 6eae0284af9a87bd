import Foundation
import PuffleCore
import Testing

/// The sender rules of Core over plain values: no database, no network.
@Suite struct SenderRulesTests {
    let start = Timestamp(milliseconds: 1_776_762_000_000)  // 2026-04-21T09:00:00Z

    func domain(_ status: EmailDomainStatus = .pending, checks: Int = 0) -> EmailDomain {
        EmailDomain(
            id: "d1", workspaceId: "w1", domain: "acme.com", status: status, dkimSelector: "puffle202604",
            records: DomainVerification.records(domain: "acme.com", selector: "puffle202604", dkimRecord: "v=DKIM1; k=rsa; p=KEYA", relayHost: "smtp.acme.com"),
            smtp: nil, imap: nil, verifiedAt: nil, checkCount: checks, nextCheckAt: nil, createdAt: start, updatedAt: start)
    }

    @Test func recordsNameTheRelayAndTheSelector() {
        let records = domain().records
        #expect(records.map(\.name) == ["acme.com", "puffle202604._domainkey.acme.com", "_dmarc.acme.com"])
        #expect(records[0].value == "v=spf1 a:smtp.acme.com ~all")
        #expect(DomainVerification.records(domain: "a.io", selector: "s", dkimRecord: "p=1", relayHost: "10.0.0.5")[0].value == "v=spf1 ip4:10.0.0.5 ~all")
        #expect(records.map(\.required) == [true, true, false])
    }

    @Test func aDKIMRecordCountsOnlyWithThisKeyWhateverItsSpacing() {
        let records = domain().records
        let found = ["acme.com": ["v=spf1 include:_spf.google.com ~all"], "puffle202604._domainkey.acme.com": ["v=DKIM1;k=rsa; p=KEY A"]]
        let judged = DomainVerification.judged(records, found: found)
        #expect(judged.map(\.check) == [.verified, .verified, .missing])
        #expect(DomainVerification.isVerified(judged))
        let otherKey = DomainVerification.judged(records, found: ["puffle202604._domainkey.acme.com": ["v=DKIM1; p=KEYB"]])
        #expect(otherKey.map(\.check) == [.missing, .mismatch, .missing])
        #expect(!DomainVerification.isVerified(otherKey))
    }

    @Test func pollingWalksTheScheduleThenFails() {
        let missing = DomainVerification.judged(domain().records, found: [:])
        var current = DomainVerification.after(check: missing, domain: domain(), poll: true, isRecheck: false, now: start)
        #expect(current.status == .verifying && current.nextCheckAt == start.adding(.seconds(600)))
        var now = start
        for (index, delay) in DomainVerification.recheckDelays.enumerated() {
            now = now.adding(delay)
            current = DomainVerification.after(check: missing, domain: current, poll: true, isRecheck: true, now: now)
            if index < DomainVerification.recheckDelays.count - 1 {
                #expect(current.status == .verifying && current.nextCheckAt == now.adding(DomainVerification.recheckDelays[index + 1]))
            }
        }
        #expect(current.status == .failed && current.nextCheckAt == nil)
        #expect(now.milliseconds - start.milliseconds <= 12 * 3_600_000, "within the contract's 12 hours")
        #expect(DomainVerification.after(check: missing, domain: current, poll: false, isRecheck: false, now: now).status == .pending)
        let published = DomainVerification.judged(domain().records, found: ["acme.com": ["v=spf1 mx ~all"], "puffle202604._domainkey.acme.com": ["p=KEYA"]])
        let verified = DomainVerification.after(check: published, domain: current, poll: false, isRecheck: false, now: now)
        #expect(verified.status == .verified && verified.verifiedAt == now)
    }

    @Test func hostsDomainsAndAddresses() {
        #expect(HostName.isValid("smtp.gmail.com") && HostName.isValid("127.0.0.1") && HostName.isValid("localhost"))
        #expect(!HostName.isValid("bad host") && !HostName.isValid("-a.com") && !HostName.isValid("a..com") && !HostName.isValid("256.1.1.1"))
        #expect(HostName.isDomain("mail.acme.co.uk") && !HostName.isDomain("localhost") && !HostName.isDomain("1.2.3.4"))
        #expect(EmailAddressRule.normalized(" Sarah.Chen@Acme.com ") == "sarah.chen@acme.com")
        for bad in ["sarah", "sarah@", "@acme.com", "sa rah@acme.com", "sarah@acme", "a..b@acme.com", "sarah@acme.com\r\nBcc: x@y.com"] {
            #expect(EmailAddressRule.normalized(bad) == nil, "\(bad)")
        }
        let settings = MailServerSettings(host: "smtp.acme.com", port: 0, security: .tls, username: nil, password: "pw", caFile: "relative.pem")
        #expect(settings.problems(prefix: "smtp", passwordRequired: true).count == 3)
    }

    @Test func aLoginCheckSetsTheFirstStatus() {
        #expect(SenderActivation.status(after: .verified, onDomain: false)! == (.active, .active))
        #expect(SenderActivation.status(after: .verified, onDomain: true)! == (.warming, .warming))
        #expect(SenderActivation.status(after: .unreachable("down"), onDomain: true)! == (.pending, .notStarted))
        #expect(SenderActivation.status(after: .refused("535"), onDomain: false) == nil)
    }

    func account(status: SenderStatus = .active, limit: Int = 30, warmupStartedAt: Timestamp? = nil) -> SenderAccount {
        SenderAccount(
            id: "a1", workspaceId: "w1", type: .email, displayName: "Sarah", status: status, warmupStatus: status == .warming ? .warming : .active,
            emailAddress: "sarah@acme.com", domain: nil, firstName: nil, lastName: nil, signature: nil, dailyLimit: limit, smtp: nil, imap: nil,
            lastError: nil, warmupStartedAt: warmupStartedAt, createdAt: start, updatedAt: start)
    }

    func sends(_ outcomes: [SendRecord.Outcome], at time: Timestamp) -> [SendRecord] {
        outcomes.enumerated().map { index, outcome in
            SendRecord(id: "s\(time.milliseconds)-\(index)", workspaceId: "w1", accountId: "a1", recipient: "x@y.com", messageId: "m\(index)", outcome: outcome, detail: nil, at: time)
        }
    }

    @Test func todaysCapCountsWhatTheServerWasHandedInTheWorkspacesDay() {
        // 2026-04-21T09:00Z is 05:00 in New York; 03:00Z the same day UTC was the evening before there.
        let newYork = LocalCalendar(timeZone: "America/New_York")
        let records = sends([.sent, .bounced, .unknown, .deferred], at: start) + sends([.sent], at: Timestamp(milliseconds: start.milliseconds - 6 * 3_600_000))
        #expect(SendCapacity.sentToday(records, calendar: newYork, now: start) == 3)
        #expect(SendCapacity.sentToday(records, calendar: LocalCalendar(timeZone: "UTC"), now: start) == 4)
        let days = SendCapacity.schedule(for: account(limit: 5), records: records, committed: ["2026-04-22": 2], calendar: newYork, now: start)
        #expect(days.map(\.date) == ["2026-04-21", "2026-04-22", "2026-04-23", "2026-04-24", "2026-04-25", "2026-04-26", "2026-04-27"])
        #expect(days.map(\.available) == [2, 3, 5, 5, 5, 5, 5])
        #expect(SendCapacity.schedule(for: account(status: .pending), records: [], calendar: newYork, now: start).allSatisfy { $0.available == 0 })
    }

    @Test func warmupGraduatesAfterTwoWeeksCleanAndSuspendsOnBounces() {
        let utc = LocalCalendar(timeZone: "UTC")
        let warming = account(status: .warming, warmupStartedAt: start)
        let clean = WarmupPolicy.figures(sends(Array(repeating: .sent, count: 40), at: start), calendar: utc, now: start)
        #expect(clean.healthScore == 100 && clean.label == "Excellent" && clean.daily.count == 14 && clean.daily.last?.sent == 40)
        #expect(WarmupPolicy.transition(for: warming, figures: clean, now: start.adding(.seconds(13 * 86_400))) == nil, "not before 14 days")
        #expect(WarmupPolicy.transition(for: warming, figures: clean, now: start.adding(.seconds(14 * 86_400)))! == (.active, .active))
        let bouncing = WarmupPolicy.figures(sends(Array(repeating: .sent, count: 18) + [.bounced, .bounced], at: start), calendar: utc, now: start)
        #expect(bouncing.healthScore == 90)
        #expect(WarmupPolicy.transition(for: warming, figures: bouncing, now: start)! == (.error, .suspended))
        let none = WarmupPolicy.figures([], calendar: utc, now: start)
        #expect(none.healthScore == nil && none.label == nil, "no sends, no score: never invented")
    }
}

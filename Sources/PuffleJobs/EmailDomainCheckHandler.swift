import Logging
import PuffleCore

/// Re-checks the DNS records of domains being polled (`verify?poll=true`) whose next check is due:
/// the periodic `email_domain_checks` job. Lookups run outside any transaction; each domain's
/// result is saved on its own, so one slow name server delays only its domain.
public struct EmailDomainCheckHandler: JobHandler {
    public let kind = "email_domain_checks"
    /// How often the scheduler enqueues it: the shortest re-check delay is 10 minutes, so a check
    /// is late by at most this.
    public static let period: Duration = .seconds(60)
    let senders: any SenderStore
    let dns: any DNSTextLookup
    let clock: any WallClock
    let logger: Logger

    public init(senders: any SenderStore, dns: any DNSTextLookup, clock: any WallClock, logger: Logger) {
        self.senders = senders
        self.dns = dns
        self.clock = clock
        self.logger = logger
    }

    public func run(_ job: Job, context: JobContext) async throws {
        let due = try await senders.domainsDue(now: clock.now(), limit: 100)
        for domain in due {
            try context.checkCancelled()
            let judged: [DomainRecord]
            do {
                judged = try await DomainVerification.lookUp(domain.records, with: dns)
            } catch {
                // Silence is not an answer: the domain stays due and the next run asks again.
                logger.warning("a domain re-check found no name server", metadata: ["domain": "\(domain.domain)", "error": "\(error)"])
                continue
            }
            let checked = DomainVerification.after(check: judged, domain: domain, poll: true, isRecheck: true, now: clock.now())
            do {
                _ = try await senders.saveCheck(checked, readAt: domain.updatedAt)
            } catch let error as PuffleError where error.code == "domain_changed" {
                continue  // A user's verify saved meanwhile; its result stands.
            } catch let error as PuffleError where error.isConflict {
                // Another workspace verified the same domain first: this one stops polling.
                var failed = checked
                failed.status = .failed
                failed.nextCheckAt = nil
                _ = try? await senders.saveCheck(failed, readAt: domain.updatedAt)
            }
        }
    }
}

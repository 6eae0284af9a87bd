import Foundation
import Hummingbird
import PuffleCore

/// `/api/email/domains`: registering sending domains and checking their DNS records.
struct EmailDomainController: Sendable {
    let senders: any SenderStore
    let mail: MailServices
    let clock: any WallClock

    func register(on table: RouteTable) {
        table.on("createEmailDomain", create)
        table.on("listEmailDomains", list)
        table.on("verifyEmailDomain", verify)
    }

    @Sendable func create(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let name = (body["domain"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard HostName.isDomain(name) else { throw PuffleError.invalidRequest("domain: must be a domain name such as acme.com or mail.acme.com, got \(name)") }
        // A relay may take mail from the domain without a login, so its password is optional.
        let smtp = try SenderController.servers(body["smtp"], field: "smtp", passwordRequired: false)
        let imap = try SenderController.servers(body["imap"], field: "imap", passwordRequired: false)
        let key = try mail.dkimKeys.makeKey()
        let selector = Self.selector(now: clock.now())
        let records = DomainVerification.records(domain: name, selector: selector, dkimRecord: key.dnsRecord, relayHost: smtp?.host)
        let domain = try await senders.createDomain(
            NewEmailDomain(
                workspaceId: caller.workspaceId, domain: name, dkimSelector: selector, dkimPrivateKeyPEM: key.privateKeyPEM, records: records, smtp: smtp,
                imap: imap))
        return Reply(["domain": SenderJSON.domain(domain)], status: .created)
    }

    @Sendable func list(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        Reply(["domains": .array(try await senders.domains(workspaceId: caller.workspaceId).map(SenderJSON.domain))])
    }

    @Sendable func verify(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let poll = try context.query.bool("poll") ?? false
        let domain = try await senders.domain(id: try context.pathParameter("id"), workspaceId: caller.workspaceId)
        let judged: [DomainRecord]
        do {
            judged = try await DomainVerification.lookUp(domain.records, with: mail.dns)
        } catch {
            throw PuffleError.refused(code: "dns_unavailable", kind: .upstreamFailed, message: "The name server did not answer: \(error). Nothing changed; try again.")
        }
        let checked = DomainVerification.after(check: judged, domain: domain, poll: poll, isRecheck: false, now: clock.now())
        return Reply(["domain": SenderJSON.domain(try await senders.saveCheck(checked, readAt: domain.updatedAt))])
    }


    /// A selector per key, dated so a rotated key gets a new record name: `puffle202612`.
    static func selector(now: Timestamp) -> String {
        "puffle" + now.iso8601.prefix(7).replacingOccurrences(of: "-", with: "")
    }
}

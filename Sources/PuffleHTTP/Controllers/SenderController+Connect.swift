import Hummingbird
import PuffleCore

/// Connecting senders: every route logs in to the SMTP server (outside any transaction) before
/// it writes, and the login's outcome sets the status (``SenderActivation``).
extension SenderController {
    @Sendable func createEmailSender(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        guard let address = EmailAddressRule.normalized(body["email_address"]?.stringValue ?? "") else {
            throw PuffleError.invalidRequest("email_address: must be an email address such as sarah@acme.com")
        }
        let smtp = try Self.servers(body["smtp"], field: "smtp", passwordRequired: true)!
        let imap = try Self.servers(body["imap"], field: "imap", passwordRequired: true)
        try await refuseTaken(address, workspaceId: caller.workspaceId)
        let names = Self.names(body, address: address)
        let check = await mail.verifier.check(smtp, heloName: Self.domain(of: address))
        let (status, warmup) = try Self.activation(check, onDomain: false)
        let account = try await senders.createAccount(
            NewSenderAccount(
                workspaceId: caller.workspaceId, emailAddress: address, displayName: names.display, firstName: names.first, lastName: names.last,
                signature: body["signature"]?.stringValue, dailyLimit: body["daily_limit"]?.intValue ?? SenderLimits.defaultDaily, domainId: nil,
                smtp: smtp, imap: imap, status: status, warmupStatus: warmup, lastError: Self.failure(of: check),
                warmupStartedAt: status == .pending ? nil : clock.now()))
        return Reply(["account": SenderJSON.account(account)], status: .created)
    }

    @Sendable func createDomainMailbox(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let body = try await request.decodeJSON(as: JSONValue.self, context: context).objectValue ?? [:]
        let username = (body["username"]?.stringValue ?? "").lowercased()
        guard !username.isEmpty, username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }),
            !username.hasPrefix("."), !username.hasSuffix("."), !username.contains("..")
        else { throw PuffleError.invalidRequest("username: only a-z 0-9 . - _ (not starting or ending with a dot), got \(username)") }
        let domain = try await senders.domain(id: body["domain_id"]?.stringValue ?? "", workspaceId: caller.workspaceId)
        guard domain.status == .verified else {
            throw PuffleError.invalidRequest("domain_id: \(domain.domain) is \(domain.status.rawValue); publish its records and verify it first")
        }
        let servers = try await senders.domainServers(id: domain.id, workspaceId: caller.workspaceId)
        guard var relay = servers.smtp else {
            throw PuffleError.invalidRequest("domain_id: \(domain.domain) has no SMTP relay; register the domain with smtp settings")
        }
        let address = "\(username)@\(domain.domain)"
        try await refuseTaken(address, workspaceId: caller.workspaceId)
        // With a password of its own the mailbox logs in as itself (and keeps those settings);
        // without, it logs in as the relay does and keeps none: the domain's are read at send time.
        var own: (smtp: MailServerSettings, imap: MailServerSettings?)?
        if let password = body["password"]?.stringValue, !password.isEmpty {
            relay.username = address
            relay.password = password
            var imap = servers.imap
            imap?.username = address
            imap?.password = password
            own = (relay, imap)
        }
        let names = Self.names(body, address: address)
        let check = await mail.verifier.check(relay, heloName: domain.domain)
        let (status, warmup) = try Self.activation(check, onDomain: true)
        let account = try await senders.createAccount(
            NewSenderAccount(
                workspaceId: caller.workspaceId, emailAddress: address, displayName: names.display, firstName: names.first, lastName: names.last,
                signature: nil, dailyLimit: body["daily_limit"]?.intValue ?? SenderLimits.defaultDaily, domainId: domain.id, smtp: own?.smtp,
                imap: own?.imap, status: status, warmupStatus: warmup, lastError: Self.failure(of: check),
                warmupStartedAt: status == .pending ? nil : clock.now()))
        return Reply(["account": SenderJSON.account(account)], status: .created)
    }

    @Sendable func retryWarmup(_ request: Request, context: PuffleRequestContext, caller: Caller) async throws -> Reply {
        let id = try context.pathParameter("id")
        let account = try await senders.account(id: id, workspaceId: caller.workspaceId)
        guard account.type == .email else { throw PuffleError.notFound("Email account \(id) not found") }
        guard account.status == .pending, account.warmupStatus == .notStarted else {
            throw PuffleError.conflict("retry-warmup is for senders pending/not_started; \(id) is \(account.status.rawValue)/\(account.warmupStatus?.rawValue ?? "none")")
        }
        let credentials = try await senders.credentials(accountId: id, workspaceId: caller.workspaceId)
        let check = await mail.verifier.check(credentials.smtp, heloName: Self.domain(of: account.emailAddress ?? ""))
        switch check {
        case .verified:
            let next = SenderActivation.status(after: .verified, onDomain: account.domain != nil)!
            let updated = try await senders.transition(
                id: id, workspaceId: caller.workspaceId, from: (.pending, .notStarted), to: (next.0, next.1), lastError: nil, warmupStartedAt: clock.now())
            return Reply(["account": SenderJSON.account(updated)])
        case .refused(let reply):
            try await senders.noteError(id: id, workspaceId: caller.workspaceId, lastError: reply)
            throw PuffleError.refused(code: "smtp_login_failed", kind: .rejected, message: reply)
        case .unreachable(let reason):
            try await senders.noteError(id: id, workspaceId: caller.workspaceId, lastError: reason)
            throw PuffleError.refused(code: "smtp_unreachable", kind: .upstreamFailed, message: "\(reason); the sender stays pending: try again later")
        }
    }

    /// Server settings from a request (already checked against the route's schema), with the rules
    /// the schema cannot say. nil for an absent or null value.
    static func servers(_ value: JSONValue?, field: String, passwordRequired: Bool) throws -> MailServerSettings? {
        guard let value, value != .null else { return nil }
        guard let settings = MailServerSettings(json: value) else { throw PuffleError.invalidRequest("\(field): must be an object with host, port and security") }
        let problems = settings.problems(prefix: field, passwordRequired: passwordRequired)
        if !problems.isEmpty { throw PuffleError.invalidRequest(problems.joined(separator: "; ")) }
        return settings
    }

    /// The status pair after a first login. - Throws: 400 `smtp_login_failed` quoting the server for a refused login.
    static func activation(_ check: SenderActivation.LoginCheck, onDomain: Bool) throws -> (SenderStatus, WarmupStatus) {
        guard let pair = SenderActivation.status(after: check, onDomain: onDomain) else {
            throw PuffleError.refused(code: "smtp_login_failed", kind: .rejected, message: failure(of: check) ?? "the SMTP server refused the login")
        }
        return pair
    }

    static func failure(of check: SenderActivation.LoginCheck) -> String? {
        switch check {
        case .verified: nil
        case .refused(let reply): reply
        case .unreachable(let reason): reason
        }
    }

    /// First, last and display name: display_name, else first and last, else the address.
    static func names(_ body: JSONObject, address: String) -> (display: String, first: String?, last: String?) {
        let first = body["first_name"]?.stringValue, last = body["last_name"]?.stringValue
        let joined = [first, last].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let display = body["display_name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? (joined.isEmpty ? address : joined)
        return (display, first, last)
    }

    static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "localhost"
    }

    /// 409 before any login when the workspace already has a sender with this address.
    func refuseTaken(_ address: String, workspaceId: String) async throws {
        if try await senders.accounts(workspaceId: workspaceId, type: .email).contains(where: { $0.emailAddress == address }) {
            throw PuffleError.conflict("This workspace already has a sender for \(address)")
        }
    }
}

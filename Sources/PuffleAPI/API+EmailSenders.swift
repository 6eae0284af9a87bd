import PuffleCore

extension API {
    static let emailAccountId = Parameter("id", in: .path, .text, "Email account id")
    static let domainId = Parameter("id", in: .path, .text, "Email domain id")

    static let emailSenders: [Endpoint] = [
        Endpoint(
            "listEmailAccounts", .get, "/api/email/accounts", summary: "List email senders", description: "Newest first; an empty array is valid.",
            command: ["email", "account"],
            response: .object([.init("accounts", .array(.ref("SenderAccount")), required: true)]), tag: "Email senders"
        ),
        Endpoint(
            "createEmailAccount", .post, "/api/email/accounts", summary: "Create a mailbox on a verified sending domain",
            description: """
                The address is username@domain. The domain must be this workspace's and verified (else 400). The mailbox logs in to the domain's SMTP relay: \
                with password (our addition), as the address itself; without, with the relay's own credentials. A verified login starts warmup (warming/warming); \
                an unreachable relay leaves it pending/not_started (retry-warmup logs in again); a refused login is 400 smtp_login_failed. Mail from it is DKIM-signed with the domain's key.
                """,
            command: ["email", "account", "create"],
            body: .object([
                .init("username", .string(minLength: 1, maxLength: 64), required: true, description: "Lowercased; only a-z 0-9 . - _"),
                .init("domain_id", .id, required: true),
                .init("display_name", .nullable(.name), description: "Derived from first and last name when left out"),
                .init("first_name", .nullable(.name)), .init("last_name", .nullable(.name)),
                .init("password", .nullable(.string(maxLength: TextLimits.name)), description: "The mailbox's own password on the domain's relay (our addition); sealed, never shown"),
                .init("daily_limit", .nullable(dailyLimit)),
            ]),
            status: 201, response: senderResponse, errors: [400, 404, 409], tag: "Email senders"
        ),
        Endpoint(
            "updateEmailAccount", .patch, "/api/email/accounts/{id}", summary: "Change an email sender's signature",
            description: "Only signature changes here; limits go through PUT /api/settings.", command: ["email", "account", "update"],
            parameters: [emailAccountId], body: .object([.init("signature", .nullable(.string(maxLength: TextLimits.text)), required: true)]),
            response: senderResponse, errors: [400, 404], tag: "Email senders"
        ),
        Endpoint(
            "deleteEmailAccount", .delete, "/api/email/accounts/{id}", summary: "Delete an email sender",
            command: ["email", "account", "delete"], parameters: [emailAccountId], response: .ref("Success"), errors: [404], tag: "Email senders"
        ),
        Endpoint(
            "retryEmailWarmup", .patch, "/api/email/accounts/{id}/retry-warmup", summary: "Log in again to a sender left pending",
            description: "Only for pending/not_started (else 409). For a self-hosted mailbox, retrying warmup means logging in to its SMTP server again: success makes a connected mailbox active/active and a domain mailbox warming/warming; an unreachable server is 502 smtp_unreachable, a refused login 400 smtp_login_failed, and the sender stays pending.",
            command: ["email", "account", "retry-warmup"], parameters: [emailAccountId], bodyRequired: false,
            response: senderResponse, errors: [400, 404, 409, 502], tag: "Email senders"
        ),
        Endpoint(
            "getWarmupAnalytics", .get, "/api/email/accounts/warmup-analytics", summary: "Warmup figures from our own send log",
            description: """
                For senders warming, warmed or active: sent, bounced and received over the last 14 days (received counts once the inbox syncs). health_score is the share of sends that did not bounce, \
                null before the first send; warmup_reputation is the same figure; instantly_warmup_status is null (no outside warmup network). Side effects, listed in transitions: \
                a warming sender 14 days in with under 5% bounces graduates to active/active; one with 10% or more bounces over at least 20 sends is suspended (error/suspended).
                """,
            command: ["email", "account", "warmup-analytics"],
            response: .object([.init("analytics", .freeObject, required: true), .init("transitions", .freeObject, required: true)]), tag: "Email senders"
        ),
        Endpoint(
            "createEmailDomain", .post, "/api/email/domains", summary: "Register a sending domain",
            description: """
                Makes a 2,048-bit DKIM key for the domain (private half sealed at rest) and answers the records to publish: SPF, the DKIM TXT record (selector in its name) and a DMARC suggestion. \
                Status starts pending: publish the records, then POST /api/email/domains/{id}/verify. smtp and imap (our addition) name the relay and mailbox server its mailboxes use; \
                without smtp the domain can hold no mailbox. A domain this workspace registered, or another verified, is 409.
                """,
            command: ["email", "domain", "create"],
            body: .object([
                .init("domain", .string(minLength: 3, maxLength: 253), required: true, description: "Apex or subdomain; lowercased"),
                .init("smtp", .nullable(mailServerInput("SMTP relay"))), .init("imap", .nullable(mailServerInput("IMAP"))),
            ]),
            status: 201, response: domainResponse, errors: [400, 409], tag: "Email senders"
        ),
        Endpoint(
            "listEmailDomains", .get, "/api/email/domains", summary: "List sending domains", description: "Newest first.", command: ["email", "domain"],
            response: .object([.init("domains", .array(.ref("EmailDomain")), required: true)]), tag: "Email senders"
        ),
        Endpoint(
            "verifyEmailDomain", .post, "/api/email/domains/{id}/verify", summary: "Check a domain's DNS records now",
            description: """
                Real DNS TXT queries (the resolver of /etc/resolv.conf, or PUFFLE_DNS_SERVER). SPF and DKIM published: verified. Otherwise pending, or with poll=true verifying: \
                re-checked by a scheduled job 10, 20, 40, 80, 160 and 320 minutes apart, then failed. Each dns_records entry carries what the check found. \
                A name server that does not answer (or answers truncated) is 502 dns_unavailable and changes nothing. 409 conflict when another workspace verified the domain first; \
                409 domain_changed when a scheduled re-check saved while this one looked (read it again).
                """,
            command: ["email", "domain", "verify"],
            parameters: [domainId, Parameter("poll", in: .query, .string(enumValues: ["true", "false"]), "Keep re-checking on the schedule until verified")],
            bodyRequired: false, response: domainResponse, errors: [404, 409, 502], tag: "Email senders"
        ),
    ]

    static let linkedInNote = "Connecting LinkedIn senders needs a LinkedIn provider this server does not have yet: the answer is 503 linkedin_provider_not_configured, naming PUFFLE_UNIPILE_BASE_URL and PUFFLE_UNIPILE_API_KEY. Never a fake account."
    static let linkedInAccountBody = Schema.object([.init("accountId", .id, required: true)])

    static let linkedInSenders: [Endpoint] = [
        Endpoint(
            "connectLinkedIn", .post, "/api/unipile/connect", summary: "Start the hosted LinkedIn login", description: linkedInNote,
            command: ["unipile", "connect"], bodyRequired: false, response: .object([.init("url", .text, required: true)]), errors: [503], tag: "LinkedIn senders"
        ),
        Endpoint(
            "listLinkedInAccounts", .get, "/api/unipile/accounts", summary: "List LinkedIn senders (older)",
            description: "The workspace's LinkedIn senders that are connected or need credentials.", command: nil,
            response: .object([.init("accounts", .array(.ref("SenderAccount")), required: true)]), tag: "LinkedIn senders"
        ),
        Endpoint(
            "disconnectLinkedIn", .delete, "/api/unipile/accounts", summary: "Disconnect a LinkedIn sender", command: nil,
            parameters: [Parameter("accountId", in: .query, .id, required: true, "The LinkedIn sender's id")],
            response: .ref("Success"), errors: [400, 404, 503], tag: "LinkedIn senders"
        ),
        Endpoint(
            "reconnectLinkedIn", .post, "/api/unipile/reconnect", summary: "Log a LinkedIn sender in again", description: linkedInNote, command: nil,
            body: linkedInAccountBody, response: .object([.init("url", .text, required: true)]), errors: [400, 503], tag: "LinkedIn senders"
        ),
        Endpoint(
            "refreshLinkedIn", .post, "/api/unipile/refresh", summary: "Refresh a LinkedIn sender's plan and limits", description: linkedInNote, command: nil,
            body: linkedInAccountBody, response: .freeObject, errors: [400, 503], tag: "LinkedIn senders"
        ),
    ]
}

import Foundation
import NIOCore
import NIOSSL
import PuffleCore

/// What SELECT tells of a mailbox.
public struct IMAPMailbox: Equatable, Sendable {
    /// Changes when the server renumbers the mailbox: every UID known before is then void.
    public var uidValidity: UInt32
    /// The UID the next message will get (at least).
    public var uidNext: UInt32?
    public var exists: Int
}

/// One message of a UID FETCH answer.
public struct IMAPFetchedMessage: Sendable {
    public var uid: UInt32
    /// The whole message's size on the server; more than `body.count` when the body was cut at the cap.
    public var size: Int
    public var flags: [String]
    /// The message's bytes as fetched (its first bytes up to the cap).
    public var body: [UInt8]

    public var isTruncated: Bool { body.count < size }
}

/// One logged-in IMAP connection, inside ``IMAPClient/withSession(_:)``. Each command waits for
/// its answer at most the client's step timeout; a command that runs out closes the connection.
public struct IMAPSession {
    let channel: any Channel
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let stepTimeout: TimeAmount
    var parser: IMAPResponseParser
    var nextTag = 1
    /// What the server said it can do, uppercased (`IDLE`, `LITERAL+`, `AUTH=PLAIN`).
    public internal(set) var capabilities: Set<String> = []
    /// Set when the connection is out of step or closed: no further command is sent on it.
    public internal(set) var isBroken = false

    init(
        channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        stepTimeout: TimeAmount, parser: IMAPResponseParser
    ) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
        self.stepTimeout = stepTimeout
        self.parser = parser
    }

    /// The greeting, STARTTLS when asked for, and the login (unless the greeting was PREAUTH).
    mutating func open(server: MailServerSettings, tls: NIOSSLContext?, login method: IMAPLoginMethod = .automatic) async throws {
        let timer = StepTimer(channel: channel, timeout: stepTimeout)
        let greeting = try await response(step: "the greeting", timer: timer)
        timer.cancel()
        guard case .untaggedStatus(let status, let code, let text) = greeting, status == .ok || status == .preauth else {
            breakOff()
            let status: IMAPStatus
            if case .untaggedStatus(let said, _, _) = greeting { status = said } else { status = .bad }
            throw IMAPError.refused(command: "the connection", status: status, text: "\(greeting)")
        }
        note(code)
        if capabilities.isEmpty { try await run(.capability, step: "CAPABILITY") }
        if server.security == .starttls, let tls {
            guard capabilities.contains("STARTTLS") else { throw IMAPError.tls("\(server.host) does not offer STARTTLS") }
            try await run(.startTLS, step: "STARTTLS")
            try await startTLS(tls, host: server.host)
            capabilities = []
            try await run(.capability, step: "CAPABILITY")
        }
        _ = text
        guard status != .preauth else { return }
        guard let user = server.username, let password = server.password else {
            throw IMAPError.authenticationFailed("no username and password are set for \(server.host)")
        }
        try await login(user: user, password: password, method: method)
    }

    /// AUTHENTICATE PLAIN where the server takes the initial response (RFC 4959), LOGIN otherwise; a
    /// server that forbids LOGIN without taking an initial response is refused rather than waited on. Both carry the password, so neither runs in the clear unless configured so.
    mutating func login(user: String, password: String, method: IMAPLoginMethod) async throws {
        let offered = capabilities.contains("AUTH=PLAIN") && capabilities.contains("SASL-IR")
        let plain = method == .plain || (method == .automatic && offered)
        if capabilities.contains("LOGINDISABLED"), !plain || !capabilities.contains("SASL-IR") {
            throw IMAPError.authenticationFailed("the server disables LOGIN and offers no AUTHENTICATE PLAIN with an initial response (SASL-IR)")
        }
        do {
            let code = try await run(plain ? .authenticatePlain(user: user, password: password) : .login(user: user, password: password), step: "the login")
            if code?.name != "CAPABILITY" {
                capabilities = []
                try await run(.capability, step: "CAPABILITY")
            }
        } catch IMAPError.refused(let command, let status, let text) {
            // A busy or unavailable server refuses for now (RFC 5530 codes); only a refusal of the
            // credentials (or one that says nothing more) counts against the password.
            let passing = ["[UNAVAILABLE]", "[INUSE]", "[LIMIT]", "[SERVERBUG]", "[CONTACTADMIN]"]
            if passing.contains(where: text.hasPrefix) { throw IMAPError.refused(command: command, status: status, text: text) }
            throw IMAPError.authenticationFailed(text)
        }
    }

    /// SELECT: the mailbox's UIDVALIDITY, next UID and message count.
    public mutating func select(_ mailbox: String = "INBOX") async throws -> IMAPMailbox {
        var validity: UInt32?
        var uidNext: UInt32?
        var exists = 0
        try await run(.select(mailbox: mailbox), step: "SELECT") { response in
            switch response {
            case .untaggedStatus(_, let code?, _) where code.name == "UIDVALIDITY":
                if case .number(let value)? = code.values.first { validity = UInt32(truncatingIfNeeded: value) }
            case .untaggedStatus(_, let code?, _) where code.name == "UIDNEXT":
                if case .number(let value)? = code.values.first { uidNext = UInt32(truncatingIfNeeded: value) }
            case .untagged(let values) where values.count == 2 && values[1].keyword == "EXISTS":
                if case .number(let count) = values[0] { exists = Int(count) }
            default: break
            }
        }
        guard let validity else { throw IMAPError.malformed("SELECT \(mailbox) gave no UIDVALIDITY") }
        return IMAPMailbox(uidValidity: validity, uidNext: uidNext, exists: exists)
    }

    /// The UIDs from `from` up, ascending. (`n:*` names the last message even below `n`: dropped.)
    public mutating func searchUIDs(from: UInt32) async throws -> [UInt32] {
        var uids: [UInt32] = []
        try await run(.uidSearch(fromUID: from), step: "UID SEARCH") { response in
            guard case .untagged(let values) = response, values.first?.keyword == "SEARCH" else { return }
            for case .number(let uid) in values.dropFirst() where uid >= from && uid <= UInt32.max { uids.append(UInt32(uid)) }
        }
        return uids.sorted()
    }

    /// UID FETCH of `uids`: each message's UID, size, flags and its first `maxBytes` bytes, handed to
    /// `each` as it arrives, so a batch never sits in memory whole.
    public mutating func fetch(uids: [UInt32], maxBytes: Int, each: (IMAPFetchedMessage) async throws -> Void) async throws {
        guard !uids.isEmpty else { return }
        let asked = Set(uids)
        try await run(.uidFetch(uids: uids, items: "UID FLAGS RFC822.SIZE BODY.PEEK[]<0.\(maxBytes)>"), step: "UID FETCH") { response in
            // Only the messages asked for, with their bodies: a server also sends FETCH by itself
            // (another client changed a flag), and those are no messages.
            guard case .untagged(let values) = response, values.count == 3, values[1].keyword == "FETCH", case .list(let items) = values[2],
                let message = Self.fetched(items), asked.contains(message.uid)
            else { return }
            try await each(message)
        }
    }

    /// The sizes of these messages (`RFC822.SIZE`), to fetch them in batches of bounded bytes.
    public mutating func sizes(uids: [UInt32]) async throws -> [UInt32: Int] {
        guard !uids.isEmpty else { return [:] }
        var sizes: [UInt32: Int] = [:]
        try await run(.uidFetch(uids: uids, items: "UID RFC822.SIZE"), step: "UID FETCH") { response in
            guard case .untagged(let values) = response, values.count == 3, values[1].keyword == "FETCH", case .list(let items) = values[2] else { return }
            var uid: UInt32?
            var size: Int?
            var index = 0
            while index + 1 < items.count {
                if items[index].keyword == "UID", case .number(let value) = items[index + 1] { uid = UInt32(truncatingIfNeeded: value) }
                if items[index].keyword == "RFC822.SIZE", case .number(let value) = items[index + 1] { size = Int(value) }
                index += 2
            }
            if let uid, let size { sizes[uid] = size }
        }
        return sizes
    }

    /// A fetched message from a FETCH response's items; nil without a UID or a body.
    static func fetched(_ items: [IMAPValue]) -> IMAPFetchedMessage? {
        var message = IMAPFetchedMessage(uid: 0, size: 0, flags: [], body: [])
        var hasBody = false
        var index = 0
        while index + 1 < items.count {
            let key = items[index].keyword ?? ""
            let value = items[index + 1]
            switch (key, value) {
            case ("UID", .number(let uid)): message.uid = UInt32(truncatingIfNeeded: uid)
            case ("RFC822.SIZE", .number(let size)): message.size = Int(size)
            case ("FLAGS", .list(let flags)): message.flags = flags.compactMap(\.text)
            case (_, .string(let bytes)) where key.hasPrefix("BODY[]"):
                message.body = bytes
                hasBody = true
            case (_, .nil) where key.hasPrefix("BODY[]"): hasBody = true
            default: break
            }
            index += 2
        }
        if message.size < message.body.count { message.size = message.body.count }
        return message.uid == 0 || !hasBody ? nil : message
    }

    /// IDLE (RFC 2177) for at most `duration`: true as soon as the server tells of new mail.
    public mutating func idle(for duration: TimeAmount) async throws -> Bool {
        guard capabilities.contains("IDLE") else { return false }
        let tag = makeTag()
        let timer = StepTimer(channel: channel, timeout: duration + stepTimeout)
        defer { timer.cancel() }
        try await write(IMAPCommand.idle.segments(tag: tag)[0], step: "IDLE", timer: timer)
        var arrived = false
        let stopper = IdleStopper(channel: channel)
        let scheduled = channel.eventLoop.scheduleTask(in: duration) { stopper.stop() }
        defer { scheduled.cancel() }
        while true {
            let response = try await response(step: "IDLE", timer: timer)
            switch response {
            case .untagged(let values) where values.count == 2 && values[1].keyword == "EXISTS":
                arrived = true
                stopper.stop()
            case .tagged(tag, let status, _, let text):
                guard status == .ok else { throw IMAPError.refused(command: "IDLE", status: status, text: text) }
                return arrived
            case .untaggedStatus(.bye, _, let text):
                breakOff()
                throw IMAPError.unreachable("the server said BYE during IDLE: \(text)")
            default: break
            }
        }
    }

    /// LOGOUT, if the connection is still in step; its failure changes nothing.
    mutating func logout() async {
        guard !isBroken else { return }
        _ = try? await run(.logout, step: "LOGOUT")
        isBroken = true
    }
}

import PuffleCore
import Foundation
import NIOCore
import NIOSSL
import NIOTLS

/// One logged-in SMTP connection, inside ``SMTPClient/withSession(_:)``. Each step waits for its
/// reply at most the client's step timeout; a step that runs out closes the connection.
public struct SMTPSession {
    let channel: any Channel
    var lines: NIOAsyncChannelInboundStream<String>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let stepTimeout: TimeAmount
    /// How long the reply to the final dot may take: RFC 5321 4.5.3.2.6 suggests 10 minutes, as a
    /// server may scan the message first; giving up early would turn a delivery into `unknown`.
    let dataTimeout: TimeAmount
    let upgrade: STARTTLSGuard
    public private(set) var capabilities = SMTPCapabilities(ehlo: SMTPReply(code: 250, enhanced: nil, lines: []))
    /// Set when a step failed in a way that leaves the conversation out of step with the server:
    /// no further command is sent on this connection.
    public private(set) var isBroken = false

    init(
        channel: any Channel, lines: NIOAsyncChannelInboundStream<String>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        stepTimeout: TimeAmount, dataTimeout: TimeAmount, upgrade: STARTTLSGuard
    ) {
        self.channel = channel
        self.lines = lines
        self.outbound = outbound
        self.stepTimeout = stepTimeout
        self.dataTimeout = dataTimeout
        self.upgrade = upgrade
    }

    /// Greeting, EHLO, STARTTLS when asked for (then EHLO again), and the login.
    mutating func open(server: SMTPServer, heloName: String, tls: NIOSSLContext?) async throws {
        let greeting = try await reply(step: "the greeting")
        guard greeting.code == 220 else { throw SMTPError.refused(step: "the connection", greeting) }
        try await hello(heloName)
        if server.security == .starttls, let tls {
            guard capabilities.startTLS else { throw SMTPError.tls("\(server.host) does not offer STARTTLS") }
            upgrade.arm()
            let ready = try await command("STARTTLS", step: "STARTTLS")
            upgrade.disarm()
            guard ready.code == 220 else { throw SMTPError.refused(step: "STARTTLS", ready) }
            // Made and added on the channel's event loop (the handler is not Sendable), then the
            // handshake is awaited: an untrusted certificate is a TLS error, not a closed connection at EHLO.
            let channel = self.channel
            let name = SMTPClient.sniName(server.host)
            let handshake = channel.eventLoop.makePromise(of: Void.self)
            do {
                try await channel.eventLoop.submit {
                    let tlsHandler = try NIOSSLClientHandler(context: tls, serverHostname: name)
                    try channel.pipeline.syncOperations.addHandlers([tlsHandler, HandshakeWaiter(handshake)], position: .first)
                }.get()
                try await handshake.futureResult.get()
            } catch {
                breakOff()
                throw SMTPError.tls("\(error)")
            }
            try await hello(heloName)
        }
        if let username = server.username, let password = server.password {
            try await login(username: username, password: password)
        }
    }

    mutating func hello(_ heloName: String) async throws {
        guard !heloName.isEmpty, heloName.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw SMTPError.refused(step: "EHLO", SMTPReply(code: 501, enhanced: nil, lines: ["not a host name: \(heloName)"]))
        }
        let reply = try await command("EHLO \(heloName)", step: "EHLO")
        guard reply.code == 250 else { throw SMTPError.refused(step: "EHLO", reply) }
        capabilities = SMTPCapabilities(ehlo: reply)
    }

    mutating func login(username: String, password: String) async throws {
        guard !capabilities.authMechanisms.isEmpty else {
            // Never send a password to a server that did not ask for one (in the clear, on `none`).
            throw SMTPError.authenticationFailed(SMTPReply(code: 504, enhanced: nil, lines: ["the server offers no AUTH mechanism"]))
        }
        if capabilities.authMechanisms.contains("PLAIN") || !capabilities.authMechanisms.contains("LOGIN") {
            let reply = try await command(SMTPCommand.authPlain(username: username, password: password), step: "AUTH", shown: "AUTH PLAIN ***")
            guard reply.code == 235 else { throw SMTPError.authenticationFailed(reply) }
            return
        }
        var reply = try await command("AUTH LOGIN", step: "AUTH")
        for answer in SMTPCommand.authLogin(username: username, password: password) {
            guard reply.code == 334 else { throw SMTPError.authenticationFailed(reply) }
            reply = try await command(answer, step: "AUTH", shown: "***")
        }
        guard reply.code == 235 else { throw SMTPError.authenticationFailed(reply) }
    }

    /// Sends one message. Nothing is retried here: the caller decides by the outcome, and an
    /// `unknown` outcome (no reply after the final dot) must never be resent blindly.
    public mutating func send(from: String, to recipients: [String], message: String) async throws -> SMTPOutcome {
        guard !isBroken else { throw SMTPError.unreachable("this connection is out of step with the server; open a new session") }
        guard !recipients.isEmpty else { throw SMTPCommand.UnsafeAddress(address: "") }
        if capabilities.pipelining { return try await sendPipelined(from: from, to: recipients, message: message) }
        // Every command line is checked before the first is written: an address refused halfway
        // would leave a mail transaction open for the next message.
        let mailLine = try SMTPCommand.mailFrom(from)
        let rcptLines = try recipients.map(SMTPCommand.rcptTo)
        let mail = try await command(mailLine, step: "MAIL FROM")
        guard mail.code == 250 else { return try await reset(after: mail) }
        for line in rcptLines {
            let rcpt = try await command(line, step: "RCPT TO")
            guard rcpt.code == 250 || rcpt.code == 251 else { return try await reset(after: rcpt) }
        }
        let data = try await command("DATA", step: "DATA")
        guard data.code == 354 else { return try await reset(after: data) }
        return await sendContent(message)
    }

    /// A refused step of a send, after RSET so the session can send the next message; a session
    /// whose RSET fails is not used again.
    mutating func reset(after reply: SMTPReply) async throws -> SMTPOutcome {
        let reset = try? await command("RSET", step: "RSET")
        if reset?.code != 250 { breakOff() }
        return SMTPOutcome.refused(reply)
    }

    /// Marks the session unusable and closes its connection.
    mutating func breakOff() {
        isBroken = true
        channel.close(promise: nil)
    }

    /// Sends a command line and reads its reply, both within the step's time. `shown` replaces the
    /// command in errors (secrets). DATA's message already ends in its own CRLF.CRLF.
    mutating func command(_ line: String, step: String, shown: String? = nil, timeout: TimeAmount? = nil) async throws -> SMTPReply {
        let timer = StepTimer(channel: channel, timeout: timeout ?? stepTimeout)
        defer { timer.cancel() }
        do {
            try await outbound.write(ByteBuffer(string: line.hasSuffix("\r\n") ? line : line + "\r\n"))
        } catch {
            breakOff()
            if timer.fired { throw SMTPError.timeout(step: step) }
            throw Self.classified(error, "the connection ended before \(shown ?? step)")
        }
        return try await reply(step: step, timer: timer)
    }

    /// Reads one reply, closing the connection if it does not come in time; any failure leaves the
    /// session broken, since the rest of a reply may still be unread.
    mutating func reply(step: String, timer: StepTimer? = nil) async throws -> SMTPReply {
        let own = timer == nil ? StepTimer(channel: channel, timeout: stepTimeout) : nil
        defer { own?.cancel() }
        do {
            return try await readReply(step: step, timer: (timer ?? own)!)
        } catch {
            breakOff()
            throw error
        }
    }

    private mutating func readReply(step: String, timer: StepTimer) async throws -> SMTPReply {
        var parser = SMTPReplyParser()
        do {
            while let line = try await lines.next() {
                if let reply = try parser.consume(line) { return reply }
            }
        } catch {
            if timer.fired { throw SMTPError.timeout(step: step) }
            throw Self.classified(error, step)
        }
        if timer.fired { throw SMTPError.timeout(step: step) }
        throw SMTPError.unreachable("the server closed the connection at \(step)")
    }
}

extension SMTPSession {
    /// An error of the connection as an ``SMTPError``: TLS failures (an untrusted certificate,
    /// a failed handshake) as `tls`, whichever step they surface in, the rest as `unreachable`.
    static func classified(_ error: any Error, _ context: String) -> SMTPError {
        if let error = error as? SMTPError { return error }
        if error is NIOSSLError || error is BoringSSLError || "\(error)".contains("certificate") || "\(error)".contains("handshake") {
            return .tls("\(error)")
        }
        return .unreachable("\(context): \(error)")
    }
}

/// Says when the TLS handshake it follows in the pipeline has finished, or failed.
final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    private let promise: EventLoopPromise<Void>
    private var done = false

    init(_ promise: EventLoopPromise<Void>) {
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, !done {
            done = true
            promise.succeed(())
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !done {
            done = true
            promise.fail(error)
        }
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done {
            done = true
            promise.fail(ChannelError.ioOnClosedChannel)
        }
        context.fireChannelInactive()
    }
}

/// Closes the connection when a step runs out of time, and remembers that it did.
final class StepTimer: @unchecked Sendable {
    private let lock = NSLock()
    private var didFire = false
    private var task: Scheduled<Void>?

    init(channel: any Channel, timeout: TimeAmount) {
        task = channel.eventLoop.scheduleTask(in: timeout) { [weak self] in
            self?.lock.withLock { self?.didFire = true }
            channel.close(promise: nil)
        }
    }

    var fired: Bool { lock.withLock { didFire } }

    func cancel() { task?.cancel() }
}

/// Whether the session is waiting for the reply to STARTTLS, when no more plaintext may follow.
public final class STARTTLSGuard: @unchecked Sendable {
    private let lock = NSLock()
    private var armed = false

    init() {}

    func arm() { lock.withLock { armed = true } }
    func disarm() { lock.withLock { armed = false } }
    var isArmed: Bool { lock.withLock { armed } }
}

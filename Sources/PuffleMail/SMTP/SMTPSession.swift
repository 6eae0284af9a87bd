import Foundation
import NIOCore
import NIOSSL

/// One logged-in SMTP connection, inside ``SMTPClient/withSession(_:)``. Each step waits for its
/// reply at most the client's step timeout; a step that runs out closes the connection.
public struct SMTPSession {
    let channel: any Channel
    var lines: NIOAsyncChannelInboundStream<String>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let stepTimeout: TimeAmount
    public private(set) var capabilities = SMTPCapabilities(ehlo: SMTPReply(code: 250, enhanced: nil, lines: []))

    init(channel: any Channel, lines: NIOAsyncChannelInboundStream<String>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, stepTimeout: TimeAmount) {
        self.channel = channel
        self.lines = lines
        self.outbound = outbound
        self.stepTimeout = stepTimeout
    }

    /// Greeting, EHLO, STARTTLS when asked for (then EHLO again), and the login.
    mutating func open(server: SMTPServer, heloName: String, tls: NIOSSLContext?) async throws {
        let greeting = try await reply(step: "the greeting")
        guard greeting.code == 220 else { throw SMTPError.refused(step: "the connection", greeting) }
        try await hello(heloName)
        if server.security == .starttls, let tls {
            guard capabilities.startTLS else { throw SMTPError.tls("\(server.host) does not offer STARTTLS") }
            let ready = try await command("STARTTLS", step: "STARTTLS")
            guard ready.code == 220 else { throw SMTPError.refused(step: "STARTTLS", ready) }
            // Made and added on the channel's event loop: the handler is not Sendable.
            let channel = self.channel
            let name = SMTPClient.sniName(server.host)
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: name), position: .first)
            }.get()
            try await hello(heloName)
        }
        if let username = server.username, let password = server.password {
            try await login(username: username, password: password)
        }
    }

    mutating func hello(_ heloName: String) async throws {
        let reply = try await command("EHLO \(heloName)", step: "EHLO")
        guard reply.code == 250 else { throw SMTPError.refused(step: "EHLO", reply) }
        capabilities = SMTPCapabilities(ehlo: reply)
    }

    mutating func login(username: String, password: String) async throws {
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
        let mail = try await command(try SMTPCommand.mailFrom(from), step: "MAIL FROM")
        guard mail.code == 250 else { return try await reset(after: mail) }
        for recipient in recipients {
            let rcpt = try await command(try SMTPCommand.rcptTo(recipient), step: "RCPT TO")
            guard rcpt.code == 250 || rcpt.code == 251 else { return try await reset(after: rcpt) }
        }
        let data = try await command("DATA", step: "DATA")
        guard data.code == 354 else { return try await reset(after: data) }
        do {
            try await outbound.write(ByteBuffer(string: SMTPCommand.data(message)))
            return SMTPOutcome.afterData(try await reply(step: "the end of DATA"))
        } catch {
            // The message may have reached the server: say so rather than guess.
            return .unknown("no reply after the message was sent: \(error)")
        }
    }

    /// A refused step of a send, after RSET so the session can send the next message.
    mutating func reset(after reply: SMTPReply) async throws -> SMTPOutcome {
        _ = try? await command("RSET", step: "RSET")
        return SMTPOutcome.refused(reply)
    }

    /// Sends a command line and reads its reply. `shown` replaces the command in errors (secrets).
    mutating func command(_ line: String, step: String, shown: String? = nil) async throws -> SMTPReply {
        do {
            try await outbound.write(ByteBuffer(string: line + "\r\n"))
        } catch {
            throw SMTPError.unreachable("the connection ended before \(shown ?? step): \(error)")
        }
        return try await reply(step: step)
    }

    /// Reads one reply, closing the connection if it does not come within the step timeout.
    mutating func reply(step: String) async throws -> SMTPReply {
        let timedOut = TimeoutFlag()
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: stepTimeout) {
            timedOut.set()
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        var parser = SMTPReplyParser()
        do {
            while let line = try await lines.next() {
                if let reply = try parser.consume(line) { return reply }
            }
        } catch let error as SMTPReplyParser.MalformedReply {
            throw SMTPError.unreachable("\(step): \(error)")
        } catch let error as NIOSSLError {
            throw SMTPError.tls("\(error)")
        } catch {
            if timedOut.isSet { throw SMTPError.timeout(step: step) }
            if "\(error)".contains("certificate") || "\(error)".contains("handshake") { throw SMTPError.tls("\(error)") }
            throw SMTPError.unreachable("\(step): \(error)")
        }
        if timedOut.isSet { throw SMTPError.timeout(step: step) }
        throw SMTPError.unreachable("the server closed the connection at \(step)")
    }
}

/// Set once when a step's timer fires.
final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PuffleCore

/// Where and how to reach an SMTP server: a sender's settings, as Core declares them once.
public typealias SMTPServer = MailServerSettings

extension MailServerSettings {
    /// `none` only for loopback and relays on a private network; `starttls` upgrades port 587;
    /// `tls` is implicit TLS (port 465).
    public typealias Security = MailSecurity
}

/// Why a session could not be had. A send that started ends in an ``SMTPOutcome`` instead.
public enum SMTPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No connection, or it ended before the session was ready.
    case unreachable(String)
    /// The server refused the login; its reply is quoted to the user.
    case authenticationFailed(SMTPReply)
    /// The server refused a step of the session (greeting, EHLO, STARTTLS).
    case refused(step: String, SMTPReply)
    /// TLS could not be set up: an untrusted certificate, or a server without STARTTLS.
    case tls(String)
    /// A step got no reply in time.
    case timeout(step: String)

    public var description: String {
        switch self {
        case .unreachable(let detail): "the SMTP server could not be reached: \(detail)"
        case .authenticationFailed(let reply): "the SMTP server refused the login: \(reply.code) \(reply.text)"
        case .refused(let step, let reply): "the SMTP server refused \(step): \(reply.code) \(reply.text)"
        case .tls(let detail): "TLS failed: \(detail)"
        case .timeout(let step): "the SMTP server did not answer \(step) in time"
        }
    }
}

/// An SMTP client on SwiftNIO: a session logs in once and sends any number of messages.
public struct SMTPClient: Sendable {
    public let server: SMTPServer
    /// The name EHLO gives: the sender's domain unless configured.
    public let heloName: String
    /// How long each step may wait for its reply.
    public let stepTimeout: TimeAmount
    /// How long the reply to a message's final dot may take (RFC 5321 suggests 10 minutes).
    public let dataTimeout: TimeAmount

    public init(server: SMTPServer, heloName: String, stepTimeout: TimeAmount = .seconds(30), dataTimeout: TimeAmount = .minutes(10)) {
        self.server = server
        self.heloName = heloName
        self.stepTimeout = stepTimeout
        self.dataTimeout = dataTimeout
    }

    /// Connects, greets, secures and logs in, runs `body`, and says QUIT however it ends.
    public func withSession<T: Sendable>(_ body: (inout SMTPSession) async throws -> T) async throws -> T {
        let tls = try server.security == .none ? nil : Self.tlsContext(caFile: server.caFile)
        let upgrade = STARTTLSGuard()
        let channel: NIOAsyncChannel<String, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(stepTimeout)
                .connect(host: server.host, port: server.port) { [server] channel in
                    channel.eventLoop.makeCompletedFuture {
                        if server.security == .tls, let tls {
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(server.host)))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder(upgrade: upgrade)))
                        return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError.unreachable("\(server.host):\(server.port): \(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(
                channel: channel.channel, lines: inbound.makeAsyncIterator(), outbound: outbound, stepTimeout: stepTimeout, dataTimeout: dataTimeout,
                upgrade: upgrade)
            try await session.open(server: server, heloName: heloName, tls: tls)
            let result: T
            do {
                result = try await body(&session)
            } catch {
                if !session.isBroken { _ = try? await session.command("QUIT", step: "QUIT") }
                throw error
            }
            if !session.isBroken { _ = try? await session.command("QUIT", step: "QUIT") }
            return result
        }
    }

    static func tlsContext(caFile: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile { configuration.trustRoots = .file(caFile) }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPError.tls("cannot use the trust store \(caFile ?? "of the system"): \(error)")
        }
    }

    /// SNI takes host names only; an IP address is checked against the certificate without it.
    static func sniName(_ host: String) -> String? {
        host.split(separator: ".").allSatisfy { Int($0) != nil } || host.contains(":") ? nil : host
    }
}

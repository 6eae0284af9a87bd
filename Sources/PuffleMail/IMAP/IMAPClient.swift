import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PuffleCore

/// How a session logs in.
public enum IMAPLoginMethod: Sendable {
    case automatic
    /// LOGIN, even where AUTHENTICATE PLAIN is offered.
    case login
    /// AUTHENTICATE PLAIN with the initial response.
    case plain
}

/// Why an IMAP session could not be had or went wrong.
public enum IMAPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No connection, or it ended before the answer came (a dropped connection mid-literal too).
    case unreachable(String)
    /// The server refused the login; its words are quoted to the user.
    case authenticationFailed(String)
    /// The server answered NO or BAD (or BYE) to a command.
    case refused(command: String, status: IMAPStatus, text: String)
    /// TLS could not be set up: an untrusted certificate, or a server without STARTTLS.
    case tls(String)
    /// A step got no answer in time.
    case timeout(step: String)
    /// The server sent bytes that are not IMAP.
    case malformed(String)

    public var description: String {
        switch self {
        case .unreachable(let detail): "the IMAP server could not be reached: \(detail)"
        case .authenticationFailed(let text): "the IMAP server refused the login: \(text)"
        case .refused(let command, let status, let text): "the IMAP server answered \(status.rawValue) to \(command): \(text)"
        case .tls(let detail): "TLS failed: \(detail)"
        case .timeout(let step): "the IMAP server did not answer \(step) in time"
        case .malformed(let detail): "the IMAP server's answer could not be read: \(detail)"
        }
    }

    /// A refused login is the mailbox owner's to fix; everything else may pass by itself.
    public var isLoginFailure: Bool {
        if case .authenticationFailed = self { return true }
        return false
    }
}

/// An IMAP client on SwiftNIO (RFC 9051, and IMAP4rev1 servers): a session connects, secures and
/// logs in once, then selects a mailbox and fetches by UID.
public struct IMAPClient: Sendable {
    public let server: MailServerSettings
    /// How long each command may wait for its answer (a FETCH batch included).
    public let stepTimeout: TimeAmount
    /// The largest literal read whole; message bodies are fetched partially below it.
    public let maxLiteralBytes: Int
    /// How to log in: `automatic` takes AUTHENTICATE PLAIN where the server offers it with an
    /// initial response (SASL-IR), LOGIN otherwise.
    public let login: IMAPLoginMethod

    public init(server: MailServerSettings, stepTimeout: TimeAmount = .seconds(60), maxLiteralBytes: Int = 64 << 20, login: IMAPLoginMethod = .automatic) {
        self.server = server
        self.stepTimeout = stepTimeout
        self.maxLiteralBytes = maxLiteralBytes
        self.login = login
    }

    /// Connects, reads the greeting, secures and logs in, runs `body`, and says LOGOUT however it ends.
    public func withSession<T: Sendable>(_ body: (inout IMAPSession) async throws -> T) async throws -> T {
        let tls = try server.security == .none ? nil : SMTPClient.tlsContext(caFile: server.caFile)
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(stepTimeout)
                .connect(host: server.host, port: server.port) { [server] channel in
                    channel.eventLoop.makeCompletedFuture {
                        if server.security == .tls, let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: SMTPClient.sniName(server.host)))
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw IMAPError.unreachable("\(server.host):\(server.port): \(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            var session = IMAPSession(
                channel: channel.channel, inbound: inbound.makeAsyncIterator(), outbound: outbound, stepTimeout: stepTimeout,
                parser: IMAPResponseParser(maxLiteralBytes: maxLiteralBytes, maxLineBytes: 4 << 20))
            do {
                try await session.open(server: server, tls: tls, login: login)
                let result = try await body(&session)
                await session.logout()
                return result
            } catch {
                await session.logout()
                throw error
            }
        }
    }
}

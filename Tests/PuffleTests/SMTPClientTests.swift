import PuffleCore
import Foundation
import NIOCore
import PuffleMail
import PuffleTestSupport
import Testing

/// The SMTP client against real aiosmtpd servers on loopback: plain, STARTTLS and implicit TLS.
@Suite struct SMTPClientTests {
    static func message(to: String, id: String) -> String {
        MIMEMessage(
            from: MailAddress("sarah@acme.example", name: "Sarah"), to: [MailAddress(to)], subject: "Hello \(id)", date: 1_796_287_862_000,
            messageID: "\(id)@acme.example", text: "Hi there.\n.a line starting with a dot\n"
        ).rendered()
    }

    static func client(_ server: LocalMailServer, port: Int, security: SMTPServer.Security, password: String = LocalMailServer.password, trust: Bool = true)
        -> SMTPClient
    {
        SMTPClient(
            server: SMTPServer(
                host: "127.0.0.1", port: port, security: security, username: LocalMailServer.user, password: password,
                caFile: trust ? server.certificate : nil),
            heloName: "acme.example", stepTimeout: .seconds(10))
    }

    @Test func everySecurityModeLogsInAndDeliversWithAQueueId() async throws {
        try await LocalMailServer.run { server in
            for (port, security) in [(server.plainPort, SMTPServer.Security.none), (server.startTLSPort, .starttls), (server.tlsPort, .tls)] {
                let outcome = try await Self.client(server, port: port, security: security).withSession { session in
                    try await session.send(from: "sarah@acme.example", to: ["jane@solaris.example"], message: Self.message(to: "jane@solaris.example", id: security.rawValue))
                }
                guard case .accepted(let queueId) = outcome else {
                    Issue.record("\(security): \(outcome)")
                    continue
                }
                #expect(queueId?.isEmpty == false, "\(security)")
            }
            let delivered = try server.messages()
            #expect(delivered.count == 3)
            #expect(delivered.allSatisfy { $0.contains("\n.a line starting with a dot") }, "dot-stuffing undone by the server")
        }
    }

    @Test func oneSessionSendsManyAndSortsBouncesFromGreylisting() async throws {
        try await LocalMailServer.run { server in
            let outcomes = try await Self.client(server, port: server.plainPort, security: .none).withSession { session in
                var outcomes: [SMTPOutcome] = []
                for (index, to) in ["ok1@x.example", "bounce1@x.example", "grey1@x.example", "grey1@x.example", "ok2@x.example"].enumerated() {
                    outcomes.append(try await session.send(from: "sarah@acme.example", to: [to], message: Self.message(to: to, id: "m\(index)")))
                }
                return outcomes
            }
            guard outcomes.count == 5, case .accepted = outcomes[0], case .permanent(let bounce) = outcomes[1], case .transient(let grey) = outcomes[2],
                case .accepted = outcomes[3], case .accepted = outcomes[4]
            else {
                Issue.record("\(outcomes)")
                return
            }
            #expect(bounce.code == 550 && bounce.enhanced == "5.1.1")
            #expect(grey.code == 451)
            #expect(try server.messages().count == 3)
        }
    }

    @Test func refusedLoginsUntrustedCertificatesAndClosedPortsAreClearErrors() async throws {
        try await LocalMailServer.run { server in
            do {
                _ = try await Self.client(server, port: server.plainPort, security: .none, password: "wrong").withSession { _ in 0 }
                Issue.record("a wrong password logged in")
            } catch SMTPError.authenticationFailed(let reply) {
                #expect(reply.code == 535, "the server's reply is kept to quote")
            }
            for (port, security) in [(server.tlsPort, SMTPServer.Security.tls), (server.startTLSPort, .starttls)] {
                do {
                    _ = try await Self.client(server, port: port, security: security, trust: false).withSession { _ in 0 }
                    Issue.record("\(security): an untrusted certificate was accepted")
                } catch let error as SMTPError {
                    guard case .tls = error else {
                        Issue.record("\(security): \(error)")
                        continue
                    }
                }
            }
        }
        let closed = SMTPClient(server: SMTPServer(host: "127.0.0.1", port: 1, security: .none), heloName: "acme.example", stepTimeout: .seconds(2))
        await #expect(throws: SMTPError.self) { try await closed.withSession { _ in 0 } }
    }
}

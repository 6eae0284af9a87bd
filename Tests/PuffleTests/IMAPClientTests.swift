import Foundation
import NIOCore
import PuffleCore
@testable import PuffleMail
import PuffleTestSupport
import Testing

/// The IMAP client against a real dovecot on loopback: implicit TLS and STARTTLS, the login,
/// SELECT, UID SEARCH and FETCH, IDLE, a dropped connection and a renumbered mailbox.
@Suite struct IMAPClientTests {
    static func client(
        _ server: LocalIMAPServer, security: MailSecurity, password: String = LocalIMAPServer.password, trust: Bool = true, login: IMAPLoginMethod = .automatic
    ) -> IMAPClient {
        IMAPClient(
            server: MailServerSettings(
                host: "127.0.0.1", port: security == .tls ? server.imapsPort : server.imapPort, security: security, username: LocalIMAPServer.user,
                password: password, caFile: trust ? server.certificate : nil),
            stepTimeout: .seconds(10), login: login)
    }

    static func message(_ number: Int, body: String = "Hello there.") -> String {
        "From: Jane <jane@solaris.example>\r\nTo: sarah@acme.example\r\nSubject: Note \(number)\r\nMessage-ID: <\(number)@solaris.example>\r\n\r\n\(body)\r\n"
    }

    @Test func bothSecurityModesLogInSelectSearchAndFetch() async throws {
        try await LocalIMAPServer.run { server in
            for number in 1...3 { try server.deliver(Self.message(number)) }
            for (security, login) in [(MailSecurity.tls, IMAPLoginMethod.automatic), (.starttls, .login), (.tls, .plain)] {
                let (mailbox, uids, bodies) = try await Self.client(server, security: security, login: login).withSession { session in
                    let mailbox = try await session.select()
                    let uids = try await session.searchUIDs(from: 2)
                    var bodies: [UInt32: String] = [:]
                    try await session.fetch(uids: uids, maxBytes: 1 << 20) { bodies[$0.uid] = String(decoding: $0.body, as: UTF8.self) }
                    return (mailbox, uids, bodies)
                }
                #expect(mailbox.exists == 3 && mailbox.uidValidity > 0 && mailbox.uidNext == 4, "\(security)")
                #expect(uids == [2, 3], "\(security)")
                #expect(bodies[3] == Self.message(3), "\(security)")
            }
        }
    }

    @Test func aWrongPasswordAnUntrustedCertificateAndAMissingUIDAreToldApart() async throws {
        try await LocalIMAPServer.run { server in
            for login in [IMAPLoginMethod.login, .plain] {
                await #expect { try await Self.client(server, security: .starttls, password: "nope", login: login).withSession { _ in } } throws: { error in
                    (error as? IMAPError)?.isLoginFailure == true
                }
            }
            await #expect { try await Self.client(server, security: .tls, trust: false).withSession { _ in } } throws: { error in
                if case .tls = error as? IMAPError { return true }
                return false
            }
            // An empty mailbox: `n:*` names no message at all, and nothing is fetched.
            let uids = try await Self.client(server, security: .tls).withSession { session in
                _ = try await session.select()
                return try await session.searchUIDs(from: 1)
            }
            #expect(uids.isEmpty)
        }
    }

    @Test func aBodyOverTheCapArrivesCutAndSaysSo() async throws {
        try await LocalIMAPServer.run { server in
            try server.deliver(Self.message(1, body: String(repeating: "0123456789", count: 2_000)))
            let fetched = try await Self.client(server, security: .tls).withSession { session in
                _ = try await session.select()
                var found: [IMAPFetchedMessage] = []
                try await session.fetch(uids: [1], maxBytes: 1_000) { found.append($0) }
                return found
            }
            #expect(fetched.count == 1)
            #expect(fetched.first?.body.count == 1_000 && fetched.first?.isTruncated == true && (fetched.first?.size ?? 0) > 20_000)
        }
    }

    @Test func idleWakesWhenMailArrivesAndEndsQuietlyWhenNoneDoes() async throws {
        try await LocalIMAPServer.run { server in
            let quiet = try await Self.client(server, security: .tls).withSession { session in
                _ = try await session.select()
                return try await session.idle(for: .milliseconds(300))
            }
            #expect(quiet == false)
            let started = ContinuousClock.now
            let woke = try await Self.client(server, security: .tls).withSession { session in
                _ = try await session.select()
                let delivery = Task {
                    try await Task.sleep(for: .milliseconds(300))
                    try server.deliver(Self.message(1))
                }
                defer { delivery.cancel() }
                return try await session.idle(for: .seconds(20))
            }
            #expect(woke == true)
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func aKickedConnectionFailsTheNextCommandAndARenumberedMailboxShowsANewValidity() async throws {
        try await LocalIMAPServer.run { server in
            try server.deliver(Self.message(1))
            let before = try await Self.client(server, security: .tls).withSession { session in
                let mailbox = try await session.select()
                try await server.kick()
                // The kick is a signal the server's process acts on between commands: within a few.
                var failure: (any Error)?
                for _ in 0..<30 where failure == nil {
                    do {
                        try await session.fetch(uids: [1], maxBytes: 1_000) { _ in }
                        try await Task.sleep(for: .milliseconds(100))
                    } catch {
                        failure = error
                    }
                }
                #expect(failure is IMAPError && session.isBroken, "\(String(describing: failure))")
                return mailbox.uidValidity
            }
            try server.resetUIDValidity(before + 7)
            let after = try await Self.client(server, security: .tls).withSession { try await $0.select().uidValidity }
            #expect(after == before + 7)
        }
    }
}

/// The client against a server that misbehaves: NO to a command, a literal cut off by a closed connection.
@Suite struct IMAPFaultTests {
    @Test func aFetchWithoutABodyIsNoMessage() {
        // `* 3 FETCH (UID 5 FLAGS (\Seen))`: sent by itself when another client changed a flag.
        #expect(IMAPSession.fetched([.atom("UID"), .number(5), .atom("FLAGS"), .list([.atom("\\Seen")])]) == nil)
        #expect(IMAPSession.fetched([.atom("UID"), .number(5), .atom("BODY[]<0>"), .string(Array("x".utf8))])?.body == Array("x".utf8))
    }

    static func client(port: Int) -> IMAPClient {
        IMAPClient(server: MailServerSettings(host: "127.0.0.1", port: port, security: .none, username: "u", password: "p"), stepTimeout: .seconds(5))
    }

    @Test func aRefusedSelectIsReportedWithTheServersWords() async throws {
        try await LocalIMAPServer.faulty(.no) { port in
            await #expect { try await Self.client(port: port).withSession { _ = try await $0.select() } } throws: { error in
                guard case .refused(let command, let status, let text) = error as? IMAPError else { return false }
                return command == "SELECT" && status == .no && text.contains("being migrated")
            }
        }
    }

    @Test func aConnectionClosedMidLiteralFailsTheFetchInsteadOfHanging() async throws {
        try await LocalIMAPServer.faulty(.cut) { port in
            // unreachable, not timeout: the close ended the wait, not the step's clock.
            await #expect { try await Self.client(port: port).withSession { session in
                _ = try await session.select()
                try await session.fetch(uids: try await session.searchUIDs(from: 1), maxBytes: 1_000) { _ in }
            } } throws: { error in
                guard case .unreachable = error as? IMAPError else { return false }
                return true
            }
            // Through the mailbox reader, the same failure is one the job queue retries (not a refused login).
            let reader = IMAPMailboxReader(clock: SystemClock(), stepTimeout: .seconds(5))
            let settings = MailServerSettings(host: "127.0.0.1", port: port, security: .none, username: "u", password: "p")
            await #expect { _ = try await reader.read(settings, from: MailboxCursor()) { _, _ in } } throws: { error in
                guard case .failed = error as? MailboxReadError else { return false }
                return true
            }
        }
    }
}

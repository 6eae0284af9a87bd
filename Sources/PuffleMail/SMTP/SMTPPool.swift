import NIOCore

/// One message ready for the wire: the envelope and the rendered (and signed) text.
public struct OutgoingMail: Sendable {
    public var from: String
    public var recipients: [String]
    public var message: String

    public init(from: String, recipients: [String], message: String) {
        self.from = from
        self.recipients = recipients
        self.message = message
    }
}

/// A few connections to one sender's SMTP server, sending a batch side by side: each connection
/// logs in once and sends its share one message after another (pipelined when offered).
///
/// Every message ends in exactly one ``SMTPOutcome``. A message is sent at most once here: when
/// a connection breaks, the messages it had not started go to a fresh connection, and the one it
/// was sending keeps the outcome it got (`unknown` if the dot was sent and no reply came).
public struct SMTPPool: Sendable {
    public let client: SMTPClient
    /// Connections at once; a small number per sender, as providers limit them.
    public let connections: Int

    public init(client: SMTPClient, connections: Int = 4) {
        self.client = client
        self.connections = max(1, connections)
    }

    /// Sends every message and answers their outcomes in the same order.
    public func send(_ mails: [OutgoingMail]) async -> [SMTPOutcome] {
        guard !mails.isEmpty else { return [] }
        // A connection costs a TCP (and TLS) handshake, EHLO and AUTH: worth it for a share of about
        // eight messages or more, so a small batch goes over fewer connections.
        let lanes = min(connections, (mails.count + 7) / 8)
        var outcomes = [SMTPOutcome?](repeating: nil, count: mails.count)
        await withTaskGroup(of: [(Int, SMTPOutcome)].self) { group in
            for lane in 0..<lanes {
                let indices = Array(stride(from: lane, to: mails.count, by: lanes))
                group.addTask { await sendLane(indices.map { ($0, mails[$0]) }) }
            }
            for await results in group {
                for (index, outcome) in results { outcomes[index] = outcome }
            }
        }
        return outcomes.map { $0 ?? .transient(Self.localReply("the message was not attempted")) }
    }

    /// One connection's share, reconnecting (up to twice) when a connection breaks before its share is done.
    private func sendLane(_ share: [(Int, OutgoingMail)]) async -> [(Int, SMTPOutcome)] {
        var results: [(Int, SMTPOutcome)] = []
        var next = 0
        var reconnects = 0
        while next < share.count {
            do {
                try await client.withSession { session in
                    while next < share.count, !session.isBroken {
                        let (index, mail) = share[next]
                        let outcome: SMTPOutcome
                        do {
                            outcome = try await session.send(from: mail.from, to: mail.recipients, message: mail.message)
                        } catch let error as SMTPCommand.UnsafeAddress {
                            outcome = .permanent(Self.localReply("the address \(error.address) cannot be sent to", code: 553))
                        }
                        results.append((index, outcome))
                        next += 1
                    }
                }
            } catch {
                // Nothing of the message at `next` reached the server's DATA (send returns an
                // outcome once it has): it is safe to try on a new connection.
                reconnects += 1
                if reconnects > 2 {
                    for (index, _) in share[next...] { results.append((index, .transient(Self.localReply("\(error)")))) }
                    return results
                }
            }
        }
        return results
    }

    /// A reply made here, not by the server: 421 by default (try later), marked `(local)`.
    static func localReply(_ text: String, code: Int = 421) -> SMTPReply {
        SMTPReply(code: code, enhanced: nil, lines: ["(local) \(text)"])
    }
}

import NIOCore
import NIOPosix
import PuffleCore

/// Asks a mail server, without sending anything, whether it would accept mail for an address:
/// EHLO, MAIL FROM, then RCPT TO for the address and for a made-up one (a server that takes the
/// made-up address takes anything: a catch-all), then QUIT.
public struct SMTPProbe: Sendable {
    /// The port mail servers listen on (25); tests use a local server's.
    public var port: Int
    /// The name this side gives in EHLO and the sender of MAIL FROM.
    public var heloName: String
    public var timeout: Duration

    public init(port: Int = 25, heloName: String = "puffle.localhost", timeout: Duration = .seconds(10)) {
        self.port = port
        self.heloName = heloName
        self.timeout = timeout
    }

    /// - Returns: What the server said about the address.
    public func probe(_ address: String, host: String) async throws -> MailboxProbe {
        // Nothing that could end or bend an SMTP command line reaches the server.
        guard address.utf8.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }), address.utf8.count <= 254 else {
            return .rejected
        }
        let domain = address.split(separator: "@").last.map(String.init) ?? ""
        let madeUp = "puffle-probe-\(UInt32.random(in: 0...UInt32.max))@\(domain)"
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withThrowingTaskGroup(of: MailboxProbe.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var lines = inbound.makeAsyncIterator()
                    func reply() async throws -> Int {
                        var parser = SMTPReplyParser()
                        while let line = try await lines.next() {
                            do {
                                if let reply = try parser.consume(line) { return reply.code }
                            } catch {
                                // A server that does not speak SMTP gives no answer either way.
                                return 0
                            }
                        }
                        throw MailCheckError.unreachable("\(host) closed the connection")
                    }
                    func send(_ command: String) async throws -> Int {
                        try await outbound.write(ByteBuffer(string: command + "\r\n"))
                        return try await reply()
                    }
                    guard try await reply() == 220 else { return .inconclusive }
                    guard try await send("EHLO \(heloName)") == 250 else { return .inconclusive }
                    guard try await send("MAIL FROM:<probe@\(heloName)>") == 250 else { return .inconclusive }
                    let real = try await send("RCPT TO:<\(address)>")
                    let fake = try await send("RCPT TO:<\(madeUp)>")
                    _ = try? await send("QUIT")
                    switch (real, fake) {
                    case (250...251, 250...251): return .catchAll
                    case (250...251, _): return .accepted
                    case (550...553, _): return .rejected
                    default: return .inconclusive
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw MailCheckError.unreachable("\(host) did not answer in time")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}

/// Splits a byte stream into CRLF (or LF) terminated lines.
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    /// Armed before STARTTLS: the server's `220` must be the last plaintext it sends. Bytes after it
    /// in the same stream would be read as replies to the commands sent over TLS, which a man in
    /// the middle could forge.
    var upgrade: STARTTLSGuard?

    /// RFC 5321 caps reply lines at 512 octets; a server sending far more isn't answering a probe.
    static let maxLine = 2048

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLine { throw MailCheckError.unreachable("a reply line longer than \(Self.maxLine) bytes") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        if let upgrade, upgrade.isArmed, buffer.readableBytes > 0 {
            throw SMTPError.tls("the server sent plaintext after its STARTTLS reply; refusing the session")
        }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}

/// DNS and SMTP for the email Enrichments: MX records from the system's name server, then a
/// probe of the best mail server that answers.
public struct SystemMailDomainChecker: MailDomainChecker {
    let resolver: DNSResolver
    let prober: SMTPProbe

    public init(resolver: DNSResolver = DNSResolver(), prober: SMTPProbe = SMTPProbe()) {
        self.resolver = resolver
        self.prober = prober
    }

    public func mailServers(for domain: String) async throws -> [String] {
        do {
            return try await resolver.mailServers(for: domain)
        } catch let error as MailCheckError {
            throw EnrichmentFailure.retryable(error.description)
        }
    }

    public func probe(_ address: String, servers: [String]) async throws -> MailboxProbe {
        for server in servers.prefix(2) {
            if let answer = try? await prober.probe(address, host: server) { return answer }
        }
        return .inconclusive
    }
}

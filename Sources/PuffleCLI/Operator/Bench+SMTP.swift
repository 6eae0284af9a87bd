import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import PuffleCore
import PuffleMail

extension Bench {
    /// `puffle bench smtp`: messages a second through the SMTP client (render, optionally DKIM-sign,
    /// send over a pool of pipelined connections) into a local discard sink, and the sink's own ceiling.
    struct SMTP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "smtp",
            abstract: "SMTP sending: messages/s unsigned and DKIM-signed into a fast local sink, the sink's own ceiling, and peak RSS.")
        @Option(help: "Messages per run") var messages: Int = 10_000
        @Option(help: "Connections in the sender's pool") var connections: Int = 8
        @Option(help: "Messages handed to the pool at once (a dispatch batch)") var batch: Int = 500

        func run() async throws {
            let sink = try await SMTPSink.start()
            defer { Task { await sink.stop() } }
            print("messages:   \(messages) per run, \(connections) connections, batches of \(batch); sink on 127.0.0.1:\(sink.port)")
            let renderStart = ContinuousClock.now
            let rendered = (0..<messages).map { Self.message($0).rendered() }
            let renderSeconds = (ContinuousClock.now - renderStart).seconds
            let (pem, _) = try DKIMSigner.generateKey()
            let signer = try DKIMSigner(domain: "bench.example", selector: "puffle1", privateKeyPEM: pem)
            let signStart = ContinuousClock.now
            for text in rendered.prefix(2000) { _ = try signer.sign(text, time: 1_796_287_862) }
            let signSeconds = (ContinuousClock.now - signStart).seconds / Double(min(2000, rendered.count)) * Double(messages)
            print(String(format: "render:     %.0f msg/s on one core (MIME only); DKIM signing %.0f msg/s on one core", Double(messages) / renderSeconds, Double(messages) / signSeconds))
            let ceiling = try await Self.sinkCeiling(sink, connections: connections, messages: messages)
            print(String(format: "sink alone: %.0f msg/s (pre-rendered transactions written as fast as the sink reads them)", ceiling))
            let unsigned = try await clientRate(sink, dkim: nil)
            print(String(format: "unsigned:   %.0f msg/s (%.2f of the sink's ceiling)", unsigned, unsigned / ceiling))
            let signed = try await clientRate(sink, dkim: ("bench.example", "puffle1", pem))
            print(String(format: "DKIM rsa-sha256 2048: %.0f msg/s (%.2f of the sink's ceiling)", signed, signed / ceiling))
            print("peak RSS:   \(Bench.peakRSSMegabytes()) MB (client and sink in one process)")
        }

        /// A typical outreach message: a short text and HTML pair with an unsubscribe header.
        static func message(_ index: Int) -> MIMEMessage {
            var message = MIMEMessage(
                from: MailAddress("sarah@bench.example", name: "Sarah Chen"), to: [MailAddress("lead\(index)@solaris.example", name: "Lead \(index)")],
                subject: "Quick question about Solaris \(index)", date: 1_796_287_862_000, messageID: "bench\(index)@bench.example",
                text: String(repeating: "Hi there, a few lines of a first outreach message that reads like a person wrote it.\n", count: 8),
                html: "<p>" + String(repeating: "Hi there, a few lines of a first outreach message that reads like a person wrote it. ", count: 8) + "</p>")
            message.unsubscribe = .init(mailto: "unsubscribe@bench.example", url: "https://bench.example/u/\(index)")
            return message
        }

        private func clientRate(_ sink: SMTPSink, dkim: (domain: String, selector: String, privateKeyPEM: String)?) async throws -> Double {
            let clock = SystemClock()
            let account = SenderAccount(
                id: "bench", workspaceId: "bench", type: .email, displayName: "Sarah", status: .active, warmupStatus: .active, emailAddress: "sarah@bench.example",
                domain: nil, firstName: nil, lastName: nil, signature: nil, dailyLimit: 150, smtp: nil, imap: nil, lastError: nil, warmupStartedAt: nil,
                createdAt: clock.now(), updatedAt: clock.now())
            let smtp = MailServerSettings(host: "127.0.0.1", port: sink.port, security: .none, username: "bench", password: "bench")
            let mailer = try SenderMailer(
                credentials: SenderCredentials(account: account, smtp: smtp, imap: nil, dkim: dkim), clock: clock, connections: connections)
            let before = sink.count
            let start = ContinuousClock.now
            var accepted = 0
            for first in stride(from: 0, to: messages, by: batch) {
                let results = try await mailer.send((first..<min(first + batch, messages)).map(Self.message))
                accepted += results.filter { $0.record.outcome == .sent }.count
            }
            let seconds = (ContinuousClock.now - start).seconds
            guard accepted == messages, sink.count - before == messages else {
                throw ValidationError("only \(accepted) of \(messages) messages were accepted (the sink counted \(sink.count - before))")
            }
            return Double(messages) / seconds
        }

        /// The sink's ceiling: whole transactions, rendered once, written over as many connections
        /// as the client uses, timed until the sink has counted every message.
        static func sinkCeiling(_ sink: SMTPSink, connections: Int, messages: Int) async throws -> Double {
            let transaction = "MAIL FROM:<sarah@bench.example>\r\nRCPT TO:<lead@solaris.example>\r\nDATA\r\n" + SMTPCommand.data(Self.message(0).rendered())
            let chunk = String(repeating: transaction, count: 100)
            let channels = try await (0..<connections).asyncMap { _ in
                try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(DiscardReplies()) }
                    }
                    .connect(host: "127.0.0.1", port: sink.port).get()
            }
            for channel in channels { try await channel.writeAndFlush(ByteBuffer(string: "EHLO bench.example\r\n")).get() }
            let before = sink.count
            let start = ContinuousClock.now
            let perConnection = max(1, messages / 100 / connections)
            for _ in 0..<perConnection {
                for channel in channels { channel.writeAndFlush(ByteBuffer(string: chunk), promise: Optional<EventLoopPromise<Void>>.none) }
            }
            let target = before + perConnection * 100 * connections
            while sink.count < target { try await Task.sleep(for: .milliseconds(1)) }
            let seconds = (ContinuousClock.now - start).seconds
            for channel in channels { try? await channel.close() }
            return Double(target - before) / seconds
        }
    }
}

/// Drops the sink's replies: the ceiling run counts at the sink.
private final class DiscardReplies: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

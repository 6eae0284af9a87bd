import NIOCore
import NIOPosix
import Synchronization

/// A minimal SMTP server that accepts and discards mail, offering PIPELINING: the fast local sink
/// of `puffle bench smtp` (aiosmtpd tops out near 600 messages a second, far below the client) and
/// of the tests of pipelined sending. Not a mail server: it keeps nothing but a count.
///
/// A RCPT to an address starting `bounce` is refused with 550, as the aiosmtpd test server does.
public final class SMTPSink: Sendable {
    public let port: Int
    let channel: any Channel
    let counter: Counter

    /// Messages taken, shared by every connection's handler.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    init(port: Int, channel: any Channel, counter: Counter) {
        self.port = port
        self.channel = channel
        self.counter = counter
    }

    /// Messages taken so far.
    public var count: Int { counter.value.load(ordering: .relaxed) }

    /// Starts listening on a free loopback port.
    public static func start(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> SMTPSink {
        let counter = Counter()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(SinkHandler(counter: counter)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SMTPSink(port: channel.localAddress?.port ?? 0, channel: channel, counter: counter)
    }

    /// Stops listening.
    public func stop() async {
        try? await channel.close()
    }
}

/// One sink connection: reads lines, answers commands, skips message text up to its final dot.
/// Replies to a pipelined group go out in one write.
final class SinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let counter: SMTPSink.Counter
    private var pending = ByteBuffer()
    private var replies = ByteBuffer()
    private var inData = false
    /// Recipients accepted since MAIL: DATA without one is refused, as real servers do.
    private var recipients = 0

    init(counter: SMTPSink.Counter) {
        self.counter = counter
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "220 puffle-sink ESMTP\r\n")), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while true {
            let view = pending.readableBytesView
            guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else { break }
            let length = view.distance(from: view.startIndex, to: newline) + 1
            let line = pending.readSlice(length: length)!
            handle(line, context: context)
        }
        pending.discardReadBytes()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if replies.readableBytes > 0 {
            context.writeAndFlush(wrapOutboundOut(replies), promise: nil)
            replies = context.channel.allocator.buffer(capacity: 256)
        }
    }

    private func handle(_ line: ByteBuffer, context: ChannelHandlerContext) {
        let view = line.readableBytesView
        if inData {
            // The final dot: "." then CRLF. Any other line of the message is skipped unread.
            if view.count <= 3, view.first == UInt8(ascii: "."), view.dropFirst().allSatisfy({ $0 == 13 || $0 == 10 }) {
                inData = false
                let number = counter.value.wrappingAdd(1, ordering: .relaxed).newValue
                replies.writeString("250 2.0.0 Ok: queued as S\(number)\r\n")
            }
            return
        }
        let text = String(decoding: view, as: UTF8.self).trimmingSuffix()
        let verb = text.prefix { $0 != " " && $0 != ":" }.uppercased()
        switch verb {
        case "EHLO":
            replies.writeString("250-puffle-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 52428800\r\n")
        case "HELO", "MAIL", "RSET", "NOOP":
            recipients = 0
            replies.writeString("250 2.0.0 Ok\r\n")
        case "RCPT":
            let refused = text.lowercased().contains("<bounce")
            if !refused { recipients += 1 }
            replies.writeString(refused ? "550 5.1.1 No such user\r\n" : "250 2.1.5 Ok\r\n")
        case "AUTH":
            replies.writeString("235 2.7.0 Authentication successful\r\n")
        case "DATA" where recipients == 0:
            replies.writeString("554 5.5.1 No valid recipients\r\n")
        case "DATA":
            inData = true
            recipients = 0
            replies.writeString("354 End data with <CR><LF>.<CR><LF>\r\n")
        case "QUIT":
            replies.writeString("221 2.0.0 Bye\r\n")
            context.writeAndFlush(wrapOutboundOut(replies), promise: nil)
            replies.clear()
            context.close(promise: nil)
        default:
            replies.writeString("500 5.5.2 Unknown command\r\n")
        }
    }
}

extension String {
    fileprivate func trimmingSuffix() -> String {
        var text = self
        // (CRLF is one Character in Swift, so a newline test, not a comparison with "\r".)
        while let last = text.last, last.isNewline { text.removeLast() }
        return text
    }
}

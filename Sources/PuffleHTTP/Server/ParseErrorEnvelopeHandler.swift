import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Gives the error envelope to the one answer that leaves before any middleware runs.
///
/// HummingbirdCore answers a request it cannot parse as HTTP (a request line or headers past the
/// decoder's limits, such as a 100,000-character query, or broken framing) with `400`,
/// `Connection: close` and an empty body, from its channel handler. Every other error goes through
/// ``ErrorMiddleware``, whose answers always have a body, so an empty 400 that closes the
/// connection is this case alone; it is rewritten here, in the channel pipeline.
final class ParseErrorEnvelopeHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let body = """
        {"error":{"code":"invalid_request","message":"The request could not be read as HTTP: its request line or headers are \
        malformed or longer than the server accepts. Query values are limited to \(QueryReader.maxValueLength) characters; \
        send long input in a JSON body."}}
        """

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data), head.status == .badRequest,
            head.headerFields[.contentLength] == "0", head.headerFields[.connection] == "close"
        else {
            context.write(data, promise: promise)
            return
        }
        let buffer = context.channel.allocator.buffer(string: Self.body)
        head.headerFields[.contentLength] = String(buffer.readableBytes)
        head.headerFields[.contentType] = "application/json; charset=utf-8"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(buffer)), promise: promise)
    }
}

import Foundation
import NIOCore
import NIOSSL

extension IMAPSession {
    /// Sends a command and reads to its tagged answer, handing every untagged response to
    /// `untagged`. NO and BAD throw ``IMAPError/refused(command:status:text:)``; the tagged
    /// answer's code (`[CAPABILITY ...]`, `[READ-WRITE]`) is returned.
    @discardableResult
    mutating func run(
        _ command: IMAPCommand, step: String, untagged: (IMAPResponse) async throws -> Void = { _ in }
    ) async throws -> IMAPResponseCode? {
        guard !isBroken else { throw IMAPError.unreachable("this connection is out of step with the server; open a new session") }
        let tag = makeTag()
        // The step's time runs per response, not for the whole answer: a FETCH of many large
        // messages may take long overall while the server keeps answering.
        var timer = StepTimer(channel: channel, timeout: stepTimeout)
        defer { timer.cancel() }
        let segments = command.segments(tag: tag, literalPlus: capabilities.contains("LITERAL+"))
        for (index, segment) in segments.enumerated() {
            try await write(segment, step: step, timer: timer)
            guard index < segments.count - 1 else { break }
            // A synchronizing literal: the server says `+` before its bytes may follow.
            while true {
                let response = try await response(step: step, timer: timer)
                if case .continuation = response { break }
                if case .tagged(tag, let status, _, let text) = response { throw IMAPError.refused(command: step, status: status, text: text) }
                try await untagged(response)
            }
        }
        while true {
            let response = try await response(step: step, timer: timer)
            timer.cancel()
            timer = StepTimer(channel: channel, timeout: stepTimeout)
            switch response {
            case .tagged(tag, let status, let code, let text):
                note(code)
                guard status == .ok else {
                    // The code is kept in the text (`[UNAVAILABLE] ...`): it says whether trying again may work.
                    throw IMAPError.refused(command: step, status: status, text: code.map { "[\($0.name)] " + text } ?? text)
                }
                return code
            case .tagged(let other, _, _, _):
                breakOff()
                throw IMAPError.malformed("an answer to tag \(other) while waiting for \(tag)")
            case .untaggedStatus(.bye, _, let text) where command != .logout:
                breakOff()
                throw IMAPError.unreachable("the server said BYE during \(step): \(text)")
            case .untaggedStatus(_, let code, _):
                note(code)
                try await untagged(response)
            case .untagged(let values) where values.first?.keyword == "CAPABILITY":
                capabilities = Set(values.dropFirst().compactMap { $0.text?.uppercased() })
            default:
                try await untagged(response)
            }
        }
    }

    /// The next response, reading from the connection as needed. A closed connection, a timeout
    /// or unreadable bytes leave the session broken.
    mutating func response(step: String, timer: StepTimer) async throws -> IMAPResponse {
        do {
            while true {
                if let response = try parser.next() { return response }
                guard let bytes = try await inbound.next() else {
                    if timer.fired { throw IMAPError.timeout(step: step) }
                    throw IMAPError.unreachable("the server closed the connection during \(step)")
                }
                parser.append(bytes.readableBytesView)
            }
        } catch let error as IMAPResponseParser.Malformed {
            breakOff()
            throw IMAPError.malformed(error.reason)
        } catch let error as IMAPError {
            breakOff()
            throw error
        } catch {
            breakOff()
            if timer.fired { throw IMAPError.timeout(step: step) }
            let classified = SMTPSession.classified(error, step)
            if case .tls(let detail) = classified { throw IMAPError.tls(detail) }
            throw IMAPError.unreachable("\(step): \(error)")
        }
    }

    mutating func write(_ bytes: [UInt8], step: String, timer: StepTimer) async throws {
        do {
            try await outbound.write(ByteBuffer(bytes: bytes))
        } catch {
            breakOff()
            if timer.fired { throw IMAPError.timeout(step: step) }
            throw IMAPError.unreachable("the connection ended before \(step): \(error)")
        }
    }

    /// Puts TLS under the connection after STARTTLS's OK and waits for the handshake.
    mutating func startTLS(_ tls: NIOSSLContext, host: String) async throws {
        guard parser.unreadByteCount == 0 else {
            breakOff()
            throw IMAPError.tls("the server sent plaintext after STARTTLS's answer; refusing to go on")
        }
        let channel = self.channel
        let name = SMTPClient.sniName(host)
        let handshake = channel.eventLoop.makePromise(of: Void.self)
        do {
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: tls, serverHostname: name)
                try channel.pipeline.syncOperations.addHandlers([handler, HandshakeWaiter(handshake)], position: .first)
            }.get()
            try await handshake.futureResult.get()
        } catch {
            breakOff()
            throw IMAPError.tls("\(error)")
        }
    }

    /// Takes capabilities from a `[CAPABILITY ...]` code.
    mutating func note(_ code: IMAPResponseCode?) {
        guard let code, code.name == "CAPABILITY" else { return }
        capabilities = Set(code.values.compactMap { $0.text?.uppercased() })
    }

    mutating func makeTag() -> String {
        defer { nextTag += 1 }
        return "P\(nextTag)"
    }

    mutating func breakOff() {
        isBroken = true
        channel.close(promise: nil)
    }
}

/// Ends an IDLE once: by the timer, or because mail arrived, whichever is first.
final class IdleStopper: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private let channel: any Channel

    init(channel: any Channel) {
        self.channel = channel
    }

    func stop() {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        if first { channel.writeAndFlush(ByteBuffer(string: "DONE\r\n"), promise: nil) }
    }
}

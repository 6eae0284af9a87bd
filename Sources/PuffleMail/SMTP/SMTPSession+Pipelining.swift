import NIOCore

extension SMTPSession {
    /// MAIL FROM, every RCPT TO and DATA in one write, their replies read in order (RFC 2920),
    /// when the server offers PIPELINING: one round trip instead of two or more before the message.
    ///
    /// When a refusal shows up among the replies after DATA was already accepted (354), the
    /// server is waiting for a message that must not be sent: the connection is closed instead,
    /// which delivers nothing, and the session is not used again.
    mutating func sendPipelined(from: String, to recipients: [String], message: String) async throws -> SMTPOutcome {
        var group = try SMTPCommand.mailFrom(from) + "\r\n"
        for recipient in recipients { group += try SMTPCommand.rcptTo(recipient) + "\r\n" }
        group += "DATA\r\n"
        let timer = StepTimer(channel: channel, timeout: stepTimeout)
        defer { timer.cancel() }
        do {
            try await outbound.write(ByteBuffer(string: group))
        } catch {
            breakOff()
            if timer.fired { throw SMTPError.timeout(step: "MAIL FROM") }
            throw Self.classified(error, "the connection ended before MAIL FROM")
        }
        var refusal: SMTPReply?
        let mail = try await reply(step: "MAIL FROM", timer: timer)
        if mail.code != 250 { refusal = mail }
        for _ in recipients {
            let rcpt = try await reply(step: "RCPT TO", timer: timer)
            if refusal == nil, rcpt.code != 250, rcpt.code != 251 { refusal = rcpt }
        }
        let data = try await reply(step: "DATA", timer: timer)
        if let refusal {
            if data.code == 354 {
                breakOff()
                return SMTPOutcome.refused(refusal)
            }
            return try await reset(after: refusal)
        }
        guard data.code == 354 else { return try await reset(after: data) }
        return await sendContent(message)
    }

    /// The message and its final dot, after a 354; the reply decides the outcome.
    mutating func sendContent(_ message: String) async -> SMTPOutcome {
        do {
            let outcome = SMTPOutcome.afterData(try await command(SMTPCommand.data(message), step: "the end of DATA", shown: "the message", timeout: dataTimeout))
            if case .unknown = outcome { breakOff() }
            return outcome
        } catch {
            // The message may have reached the server: say so rather than guess, and send nothing more here.
            breakOff()
            return .unknown("no reply after the message was sent: \(error)")
        }
    }
}

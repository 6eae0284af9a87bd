/// Why a mailbox could not be read.
public enum MailboxReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server refused the login: the owner must fix the password.
    case loginRefused(String)
    /// Anything that may pass by itself: the server unreachable, a dropped connection, NO or BAD.
    case failed(String)

    public var description: String {
        switch self {
        case .loginRefused(let detail), .failed(let detail): detail
        }
    }
}

/// Reads new mail from a sender's mailbox (IMAP in production): from the cursor on, a batch at a
/// time, each batch handed to `deliver` with the cursor to store after it.
public protocol MailboxReader: Sendable {
    /// - Parameters:
    ///   - deliver: Stores a batch and the cursor after it; the next batch waits for it.
    /// - Returns: The cursor after everything read.
    /// - Throws: ``MailboxReadError``; batches delivered before stay delivered.
    func read(
        _ server: MailServerSettings, from cursor: MailboxCursor,
        deliver: @Sendable ([InboundMail], MailboxCursor) async throws -> Void
    ) async throws -> MailboxCursor

    /// Answers at once when the mailbox holds mail past `cursor` (or was renumbered); else waits up
    /// to `duration` for new mail to arrive (IMAP IDLE). Reads no message.
    /// - Throws: ``MailboxReadError``.
    func waitForNewMail(_ server: MailServerSettings, beyond cursor: MailboxCursor, for duration: Duration) async throws -> IdleOutcome
}

/// How a wait for new mail ended.
public enum IdleOutcome: Sendable, Equatable {
    case newMail
    case quiet
    /// The server does not offer IDLE: only the periodic scan reads this mailbox.
    case notOffered
}

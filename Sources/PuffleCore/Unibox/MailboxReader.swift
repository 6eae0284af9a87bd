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
    ///   - idle: How long to wait for new mail after the mailbox is read (IMAP IDLE), reading again
    ///     when some arrives; nil to return at once.
    ///   - deliver: Stores a batch and the cursor after it; the next batch waits for it.
    /// - Returns: The cursor after everything read.
    /// - Throws: ``MailboxReadError``; batches delivered before stay delivered.
    func read(
        _ server: MailServerSettings, from cursor: MailboxCursor, idle: Duration?,
        deliver: @Sendable ([InboundMail], MailboxCursor) async throws -> Void
    ) async throws -> MailboxCursor
}

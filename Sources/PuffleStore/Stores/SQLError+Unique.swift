/// Recognizes a unique-constraint violation from either engine, so a race between two requests
/// that both passed a "does it exist" check answers 409 rather than 500.
enum UniqueViolation {
    /// SQLite says `UNIQUE constraint failed`; PostgreSQL reports SQLSTATE 23505 (its error's plain
    /// description is redacted, so the reflection is read).
    static func matches(_ error: any Error) -> Bool {
        let text = String(reflecting: error)
        return text.contains("UNIQUE constraint failed") || text.contains("23505") || text.contains("unique_violation")
    }
}

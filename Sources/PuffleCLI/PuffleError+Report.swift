import Foundation
import PuffleCore

extension PuffleError {
    /// The line a command prints for this error: its human message, never Swift's debug text
    /// (`notFound("Workspace x not found")`).
    var commandLineMessage: String { "puffle: \(message)" }

    /// Writes ``commandLineMessage`` to stderr, where both operator and API commands report failures.
    func report() {
        FileHandle.standardError.write(Data((commandLineMessage + "\n").utf8))
    }
}

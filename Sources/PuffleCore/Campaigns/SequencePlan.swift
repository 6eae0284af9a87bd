/// Where a prospect goes next in a sequence: the next sendable node and when it is due, or the
/// end. Delay nodes on the way add their waits; the `end` node (or running off the last node)
/// finishes the prospect.
public enum SequencePlan {
    public enum Next: Sendable, Equatable {
        /// Send the node at `position` at `at`.
        case send(position: Int, at: Timestamp)
        /// The sequence is done: the prospect waits at the end until `at`, then becomes `status`.
        case finish(position: Int, at: Timestamp, status: ProspectStatus)
    }

    /// The next step from `position` on (inclusive).
    /// - Parameter replyWindow: How long a prospect waits after its last step for a reply before it
    ///   is `timed_out`; zero finishes it as `completed` (after any trailing delays).
    public static func next(from position: Int, nodes: [SequenceNode], now: Timestamp, replyWindow: Duration) -> Next {
        var wait: Duration = .zero
        var index = max(0, position)
        while index < nodes.count {
            let node = nodes[index]
            switch node.type {
            case .delay:
                wait += node.delay ?? SequenceDelay.minimum
            case .end:
                return finish(at: index, wait: wait, now: now, replyWindow: replyWindow)
            case .email, .connectionRequest, .message, .ai:
                return .send(position: index, at: now.adding(wait))
            }
            index += 1
        }
        return finish(at: nodes.count, wait: wait, now: now, replyWindow: replyWindow)
    }

    static func finish(at position: Int, wait: Duration, now: Timestamp, replyWindow: Duration) -> Next {
        replyWindow > .zero
            ? .finish(position: position, at: now.adding(wait + replyWindow), status: .timedOut)
            : .finish(position: position, at: now.adding(wait), status: .completed)
    }
}

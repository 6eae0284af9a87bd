/// The errors every layer of Puffle can report to a caller, as domain facts: not found, a conflict,
/// refused with a reason.
///
/// Each case carries a stable machine code (see ``code``). No layer below HTTP chooses a status:
/// PuffleHTTP maps each case (and each ``Refusal``) to one, and to the `{"error":{"code","message"}}`
/// envelope, in one place (`PuffleError+HTTP.swift`). The status and code in parentheses below are
/// what that mapping answers, for readers; nothing here decides them.
public enum PuffleError: Error, Equatable, Sendable {
    /// The body or a parameter is invalid, or a constraint was violated (400 `invalid_request`).
    case invalidRequest(String)
    /// Missing, malformed, unknown or revoked credentials (401 `unauthorized`).
    case unauthorized
    /// Valid credentials, but this action is not allowed for them (403 `forbidden`).
    case forbidden(String)
    /// The resource does not exist in the caller's workspace (404 `not_found`).
    case notFound(String)
    /// The resource already exists (409 `conflict`).
    case conflict(String)
    /// Well-formed but semantically invalid (422 `unprocessable_entity`).
    case unprocessable(String)
    /// The request body is larger than the server accepts (413 `payload_too_large`).
    case payloadTooLarge(limit: Int)
    /// Too many requests for this key (429 `rate_limited`).
    case rateLimited(retryAfterSeconds: Int)
    /// An action allowed once in a period was taken too soon (429 `rate_limited`, with `nextAvailableAt`).
    case tooSoon(nextAvailableAt: Timestamp, message: String)
    /// The balance cannot pay for the operation (402 `insufficient_credits`).
    case insufficientCredits(required: Int, balance: Int)
    /// Refused with a code of its own that callers switch on, for a reason the caller can act on:
    /// an Enrichment planner rejection (`EMPTY_LEAD_SCOPE`, a ``Refusal/rejected``),
    /// `idempotency_key_reused` or `run_not_cancellable` (``Refusal/stateConflict``).
    case refused(code: String, kind: Refusal, message: String)

    /// The stable error code clients switch on.
    public var code: String {
        switch self {
        case .invalidRequest: "invalid_request"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .conflict: "conflict"
        case .unprocessable: "unprocessable_entity"
        case .payloadTooLarge: "payload_too_large"
        case .rateLimited, .tooSoon: "rate_limited"
        case .insufficientCredits: "insufficient_credits"
        case .refused(let code, _, _): code
        }
    }

    /// A human-readable description, safe to show to the caller.
    public var message: String {
        switch self {
        case .invalidRequest(let message), .forbidden(let message), .notFound(let message),
            .conflict(let message), .unprocessable(let message), .refused(_, _, let message), .tooSoon(_, let message):
            message
        case .unauthorized: "Missing or invalid authentication credentials."
        case .payloadTooLarge(let limit): "Request body is larger than the limit of \(limit) bytes."
        case .rateLimited(let seconds): "Too many requests. Please retry after \(seconds) seconds."
        case .insufficientCredits(let required, let balance):
            "Insufficient credits: this operation needs \(required) and the balance is \(balance)."
        }
    }
}

/// Why a ``PuffleError/refused(code:kind:message:)`` happened, in the domain's words.
public enum Refusal: Sendable, Equatable {
    /// The request cannot be done as asked (a planner rejection, a bad token, a failed login).
    case rejected
    /// The resource's current state forbids it; reading it again shows why.
    case stateConflict
    /// The request is sound but what it acts on cannot do it as it stands (a thread with no
    /// sender or recipient): the caller must change that first.
    case unprocessable
    /// A third party this needs (an SMTP server, DNS, a language model) failed or answered wrongly.
    case upstreamFailed
    /// A capability this needs has no provider configured on this server.
    case notConfigured
    /// The server itself is set up wrongly (a secret is missing); the caller cannot fix it.
    case serverMisconfigured
    /// The server failed to do its part (a write that did not complete); trying again may work.
    case internalFailure
}

extension PuffleError {
    /// A state conflict: `.conflict`, or a refusal because of the resource's state.
    public var isConflict: Bool {
        switch self {
        case .conflict, .refused(_, .stateConflict, _): true
        default: false
        }
    }
}

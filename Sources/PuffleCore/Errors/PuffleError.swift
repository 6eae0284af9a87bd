/// The errors every layer of Puffle can report to a caller.
///
/// Each case carries a stable machine code (see ``code``) and an HTTP status (see ``status``);
/// the HTTP layer turns them into the `{"error":{"code","message"}}` envelope in one place.
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
    /// Refused with a code of its own that callers switch on: an Enrichment planner rejection
    /// (`EMPTY_LEAD_SCOPE`, 400), `idempotency_key_reused` (409), `run_not_cancellable` (409).
    case refused(code: String, status: Int, message: String)

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

    /// The HTTP status this error is answered with.
    public var status: Int {
        switch self {
        case .invalidRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .conflict: 409
        case .unprocessable: 422
        case .payloadTooLarge: 413
        case .rateLimited, .tooSoon: 429
        case .insufficientCredits: 402
        case .refused(_, let status, _): status
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

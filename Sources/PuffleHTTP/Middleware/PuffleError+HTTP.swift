import HTTPTypes
import PuffleCore

/// The one place a domain error becomes an HTTP status. ``ErrorMiddleware`` writes the envelope.
extension PuffleError {
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .invalidRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .unprocessable: .unprocessableContent
        case .payloadTooLarge: .contentTooLarge
        case .rateLimited, .tooSoon: .tooManyRequests
        case .insufficientCredits: HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required")
        case .refused(_, let kind, _): kind.httpStatus
        }
    }
}

extension Refusal {
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .rejected: .badRequest
        case .stateConflict: .conflict
        case .unprocessable: .unprocessableContent
        case .upstreamFailed: .badGateway
        case .notConfigured: .serviceUnavailable
        case .serverMisconfigured, .internalFailure: .internalServerError
        }
    }
}

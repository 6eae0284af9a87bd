import HTTPTypes
import Logging
import Hummingbird
import PuffleAPI
import PuffleCore

/// Turns every error into the `{"error":{"code","message"}}` envelope, in one place.
///
/// ``PuffleError`` keeps its code; its status comes from `PuffleError+HTTP.swift`. Hummingbird's own errors are mapped by status; an
/// unmatched path answers 404, a known path with another method 405. Anything else is logged and
/// answered 500 `internal_error` without internals.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = PuffleRequestContext
    /// Reads now for `Retry-After`.
    let clock: any WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PuffleError {
            var headers: HTTPFields = [:]
            if case .rateLimited(let seconds) = error { headers[.retryAfter] = String(seconds) }
            var extra: JSONObject = [:]
            if case .insufficientCredits(let required, let balance) = error {
                extra = ["required": .integer(Int64(required)), "balance": .integer(Int64(balance))]
            }
            if case .tooSoon(let next, _) = error {
                extra = ["nextAvailableAt": .string(next.iso8601)]
                headers[.retryAfter] = String(max(1, (next.milliseconds - clock.now().milliseconds + 999) / 1000))
            }
            return JSONResponse.error(status: error.httpStatus, code: error.code, message: error.message, extra: extra, headers: headers)
        } catch let error as any HTTPResponseError {
            return routingError(error.status, request: request, context: context)
        } catch {
            context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return JSONResponse.error(status: .internalServerError, code: "internal_error", message: "Internal error. Quote the x-correlation-id \(context.correlationId) when reporting it.")
        }
    }

    private func routingError(_ status: HTTPResponse.Status, request: Request, context: Context) -> Response {
        switch status {
        case .notFound:
            let path = request.uri.path
            // The router takes a literal segment over a parameter at each step, without going back
            // (`/api/senders/email` is never `/api/senders/{id}`), so only the most literal
            // templates that match name the methods this path really has.
            let matching = API.all.filter { $0.matches(path: path) }
            let literalness = { (endpoint: Endpoint) in endpoint.path.split(separator: "/").map { $0.hasPrefix("{") ? "0" : "1" }.joined() }
            let best = matching.map(literalness).max() ?? ""
            let allowed = matching.filter { literalness($0) == best }.map(\.method.rawValue)
            if !allowed.isEmpty {
                return JSONResponse.error(
                    status: .methodNotAllowed, code: "method_not_allowed",
                    message: "\(request.method.rawValue) is not allowed on \(path); use \(allowed.joined(separator: ", "))",
                    headers: [.allow: allowed.joined(separator: ", ")])
            }
            return JSONResponse.error(status: .notFound, code: "not_found", message: "No route \(request.method.rawValue) \(path)")
        case .contentTooLarge:
            return JSONResponse.error(status: status, code: "payload_too_large", message: "Request body is larger than the limit of \(context.maxUploadSize) bytes.")
        case .badRequest:
            return JSONResponse.error(status: status, code: "invalid_request", message: "The request is malformed")
        default:
            return JSONResponse.error(status: status, code: status.code >= 500 ? "internal_error" : "invalid_request", message: status.reasonPhrase)
        }
    }
}

import Logging
import HTTPTypes
import Foundation
import Hummingbird

/// Gives every request a correlation id (a valid incoming `x-correlation-id`, else a new UUID),
/// puts it in the logger, and returns it on every response, errors included.
struct CorrelationMiddleware: RouterMiddleware {
    typealias Context = PuffleRequestContext
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxBodyBytes
        let incoming = request.headers[.correlationId]
        context.correlationId = incoming.flatMap { Self.isValid($0) ? $0 : nil } ?? UUID().uuidString.lowercased()
        context.logger[metadataKey: "correlation_id"] = .string(context.correlationId)
        var response = try await next(request, context)
        response.headers[.correlationId] = context.correlationId
        return response
    }

    /// 1 to 128 characters of letters, digits, `-`, `_`, `.` and `:`: safe to echo and to log.
    static func isValid(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 128
            && value.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.:".unicodeScalars.contains($0)) }
    }
}

extension HTTPField.Name {
    static let correlationId = Self("x-correlation-id")!
    static let retryAfter = Self("Retry-After")!
}

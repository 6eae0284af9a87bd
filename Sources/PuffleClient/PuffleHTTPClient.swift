import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PuffleCore

/// A small client for the Puffle API over AsyncHTTPClient: base URL plus Bearer key, JSON in and out.
public struct PuffleHTTPClient: Sendable {
    public var baseURL: URL
    public var apiKey: String?

    public init(baseURL: URL, apiKey: String?) {
        self.baseURL = baseURL
        self.apiKey = apiKey
    }

    /// A response: status, headers (lowercased names) and the raw body.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
    }

    /// The request got no answer: nothing listens at the base URL, or the connection broke.
    public struct TransportError: Error, CustomStringConvertible {
        public var baseURL: URL
        public var underlying: any Error

        public var description: String { "\(underlying)" }
    }

    /// Letters, digits and `-._~` stay; everything else, `+` and `&` and `=` included, is `%XX`.
    static func formEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Sends one request.
    /// - Parameters:
    ///   - method: `GET`, `POST`, ...
    ///   - path: The path with `/api`, placeholders already filled.
    ///   - query: Query items, sent in order.
    ///   - headers: Headers the endpoint declares (`Idempotency-Key`).
    ///   - body: A JSON body, if any.
    public func send(method: String, path: String, query: [URLQueryItem] = [], headers: [String: String] = [:], body: Data? = nil) async throws -> Response {
        guard var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false) else {
            throw PuffleError.invalidRequest("Cannot build a URL from \(baseURL) and \(path)")
        }
        // Encoded as a form: a `+` in a value (jane+test@acme.com, C++) must reach the server as `%2B`,
        // since the server reads `+` as a space, as browsers and Python send it.
        if !query.isEmpty {
            components.percentEncodedQueryItems = query.map { URLQueryItem(name: Self.formEncoded($0.name), value: $0.value.map(Self.formEncoded)) }
        }
        guard let url = components.url else { throw PuffleError.invalidRequest("Cannot build a URL for \(path)") }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let buffer: ByteBuffer
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
            buffer = try await response.body.collect(upTo: 1 << 30)
        } catch {
            throw TransportError(baseURL: baseURL, underlying: error)
        }
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Response(status: Int(response.status.code), headers: headers, body: Data(buffer.readableBytesView))
    }
}

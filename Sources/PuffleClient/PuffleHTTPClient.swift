import Foundation
import PuffleCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client for the Puffle API: base URL plus Bearer key, JSON in and out.
public struct PuffleHTTPClient: Sendable {
    public var baseURL: URL
    public var apiKey: String?
    private let session: URLSession

    public init(baseURL: URL, apiKey: String?) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 300
        configuration.httpMaximumConnectionsPerHost = 16
        self.session = URLSession(configuration: configuration)
    }

    /// A response: status, headers and the raw body.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
    }

    /// Sends one request.
    /// - Parameters:
    ///   - method: `GET`, `POST`, ...
    ///   - path: The path with `/api`, placeholders already filled.
    ///   - query: Query items, sent in order.
    ///   - body: A JSON body, if any.
    public func send(method: String, path: String, query: [URLQueryItem] = [], body: Data? = nil) async throws -> Response {
        guard var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false) else {
            throw PuffleError.invalidRequest("Cannot build a URL from \(baseURL) and \(path)")
        }
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else { throw PuffleError.invalidRequest("Cannot build a URL for \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw PuffleError.invalidRequest("No HTTP response from \(url)") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return Response(status: http.statusCode, headers: headers, body: data)
    }
}

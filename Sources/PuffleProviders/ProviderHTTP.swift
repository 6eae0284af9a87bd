import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PuffleCore

/// JSON over HTTP for provider clients, with HTTP failures sorted into what a retry can fix.
struct ProviderHTTP: Sendable {
    let baseURL: String
    let headers: [(String, String)]
    let timeout: TimeAmount

    init(baseURL: String, headers: [(String, String)], timeout: TimeAmount = .seconds(30)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.headers = headers
        self.timeout = timeout
    }

    /// POSTs a JSON body and returns the JSON answer.
    /// - Throws: ``LeadSearchProviderError``: `rateLimited` on 429, `unavailable` on 5xx and
    ///   transport errors, `rejected` on other 4xx, and `unavailable` for a body that isn't JSON.
    func post(_ path: String, json: JSONValue) async throws -> JSONValue {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: JSONWriter.string(json)))
        let status: Int
        let body: ByteBuffer
        let retryAfter: Int?
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: timeout)
            status = Int(response.status.code)
            retryAfter = response.headers.first(name: "Retry-After").flatMap { Int($0) }
            body = try await response.body.collect(upTo: 32 << 20)
        } catch {
            throw LeadSearchProviderError.unavailable("\(baseURL): \(error)")
        }
        let text = String(buffer: body)
        switch status {
        case 200..<300:
            guard let value = try? JSONParser.parse(text) else { throw LeadSearchProviderError.unavailable("\(baseURL)\(path) answered with a body that is not JSON") }
            return value
        case 429:
            throw LeadSearchProviderError.rateLimited(retryAfterSeconds: retryAfter)
        case 500...:
            throw LeadSearchProviderError.unavailable("\(baseURL)\(path) answered \(status)")
        default:
            throw LeadSearchProviderError.rejected(status: status, message: Self.message(in: text))
        }
    }

    /// Sends any request to a full URL and returns status and body text, sorting transport failures,
    /// 429 and 5xx as ``post(_:json:)`` does; other statuses are the caller's to judge.
    static func fetch(
        _ url: String, method: HTTPMethod = .GET, headers: [(String, String)] = [], body: String? = nil, timeout: TimeAmount = .seconds(15),
        limit: Int = 4 << 20
    ) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "puffle-enrichment/0.1")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let status: Int
        let buffer: ByteBuffer
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: timeout)
            status = Int(response.status.code)
            buffer = try await response.body.collect(upTo: limit)
        } catch {
            throw EnrichmentFailure.retryable("\(url): \(error)")
        }
        if status == 429 || status >= 500 { throw EnrichmentFailure.retryable("\(url) answered \(status)") }
        return (status, String(buffer: buffer))
    }

    /// The error message in a provider's error body, else the body's start.
    static func message(in text: String) -> String {
        if let value = try? JSONParser.parse(text) {
            for key in ["message", "error", "detail"] {
                if let message = value[key]?.stringValue { return message }
                if let message = value[key]?["message"]?.stringValue { return message }
            }
        }
        return String(text.prefix(200))
    }
}

extension JSONValue {
    /// A string member, or nil when missing, null or empty.
    func text(_ key: String) -> String? {
        guard let value = self[key]?.stringValue, !value.isEmpty else { return nil }
        return value
    }
}

/// Builds a Lead input object from a provider's fields, leaving out what it doesn't have.
struct LeadInputBuilder {
    private var object: JSONObject = ["type": "person"]

    mutating func name(full: String?, first: String?, last: String?) {
        var name: JSONObject = [:]
        if let full { name["full"] = .string(full) }
        if let first { name["first"] = .string(first) }
        if let last { name["last"] = .string(last) }
        object["name"] = .object(name)
    }

    mutating func set(_ key: String, _ value: String?) {
        if let value { object[key] = .string(value) }
    }

    mutating func company(name: String?, domain: String?) {
        // A provider's website field can hold anything, and a Lead input whose domain has no host
        // is refused whole: keep the person and leave such a domain out.
        let domain = domain.flatMap(LeadIdentity.normalizedDomain)
        guard name != nil || domain != nil else { return }
        object["company"] = ["name": name.map(JSONValue.string) ?? .null, "domain": domain.map(JSONValue.string) ?? .null]
    }

    mutating func location(city: String?, state: String?, country: String?) {
        var location: JSONObject = [:]
        if let city { location["city"] = .string(city) }
        if let state { location["state"] = .string(state) }
        if let country { location["country"] = .string(country) }
        if !location.isEmpty { object["location"] = .object(location) }
    }

    mutating func linkedIn(_ url: String?) {
        if let url { object["socials"] = [["url": .string(url), "type": "linkedin"]] }
    }

    mutating func email(_ address: String?) {
        if let address { object["contacts"] = [["value": .string(address), "type": "email"]] }
    }

    var json: JSONValue { .object(object) }
}

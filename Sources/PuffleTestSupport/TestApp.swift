import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PuffleAPI
import PuffleConfig
import PuffleCore
import PuffleHTTP
import PuffleJobs
import PuffleMail
import Logging
import PuffleProviders
import PuffleStore

/// A running test application: its stores, a workspace with a key, and typed request helpers.
public struct TestApp: Sendable {
    public let stores: Stores
    public let client: any TestClientProtocol
    public let workspaceId: String
    public let apiKey: String
    /// Where the test database is, for commands that open it themselves.
    public let databaseURL: DatabaseURL
    /// Starts this many more job workers; cancel the task to stop them. For tests that queue work
    /// first and let it run later.
    public let startWorkers: @Sendable (Int) -> Task<Void, Never>
    /// The campaign sending engine, to run one dispatch as the periodic job would (on the test's clock).
    public let dispatcher: CampaignDispatchHandler

    /// The Unibox's mailbox sync, to read one sender's mailbox as its job would.
    public let mailboxSync: MailboxSyncHandler

    /// Syncs a sender's mailbox once, as its `mailbox_sync` job would.
    public func syncMailbox(accountId: String, workspaceId: String? = nil) async throws {
        let id = "test-sync-\(UUID().uuidString)"
        let job = Job.standalone(id: id, MailboxSyncHandler.job(accountId: accountId, workspaceId: workspaceId ?? self.workspaceId), at: stores.clock.now())
        try await mailboxSync.run(job, context: .standalone(jobId: id))
    }

    /// Runs the campaign dispatcher once, as the worker would.
    public func dispatchCampaigns() async throws {
        try await dispatcher.run(
            .standalone(id: "test-dispatch", kind: CampaignDispatch.jobKind, at: stores.clock.now()), context: .standalone(jobId: "test-dispatch"))
    }

    /// Sends a request and answers status, headers and the body's bytes: for pages and images.
    /// With `authorized`, it carries this workspace's key (for uploads that are not JSON).
    public func fetch(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, contentType: String? = nil, authorized: Bool = false
    ) async throws -> (status: Int, headers: HTTPFields, body: String) {
        var headers = HTTPFields()
        if authorized { headers[.authorization] = "Bearer \(apiKey)" }
        if let contentType { headers[.contentType] = contentType }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return (Int(response.status.code), response.headers, String(decoding: response.body.readableBytesView, as: UTF8.self))
    }

    /// Sends a request with this workspace's key (or `key`), checks that the response matches the
    /// OpenAPI schema of the endpoint it hit, and returns status, headers and JSON. An
    /// `Authorization` field in `headers` is sent as given instead, for tests of the header itself.
    /// `bytes` sends a body that need not be UTF-8.
    @discardableResult
    public func call(
        _ method: HTTPRequest.Method, _ path: String, json: JSONValue? = nil, rawBody: String? = nil, bytes: [UInt8]? = nil, key: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if headers[.authorization] == nil { headers[.authorization] = "Bearer \(key ?? apiKey)" }
        var body: ByteBuffer?
        if let json { body = ByteBuffer(bytes: try JSONEncoder().encode(json)) }
        if let rawBody { body = ByteBuffer(string: rawBody) }
        if let bytes { body = ByteBuffer(bytes: bytes) }
        if body != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        let data = Data(response.body.readableBytesView)
        let value = data.isEmpty ? JSONValue.null : try JSONDecoder().decode(JSONValue.self, from: data)
        let result = TestResponse(status: Int(response.status.code), headers: response.headers, json: value)
        try SchemaCheck.check(method: method.rawValue, path: path, response: result)
        return result
    }

    /// A second workspace with its own key, for isolation tests.
    public func otherWorkspaceKey() async throws -> String {
        try await stores.workspaces.createWorkspace(name: "other", account: Account(), credits: 0).1.value
    }
}

/// What a test sees of a response.
public struct TestResponse: Sendable {
    public var status: Int
    public var headers: HTTPFields
    public var json: JSONValue

    public subscript(_ key: String) -> JSONValue? { json.objectValue?[key] }
    /// `error.code` of an error envelope.
    public var errorCode: String? { json.objectValue?["error"]?.objectValue?["code"]?.stringValue }
}

/// Runs `body` against a fresh application on a fresh database of the given engine.
/// - Parameters:
///   - live: Run a real server on a free loopback port instead of calling the router directly.
///   - workers: Job workers to run next to the app (0: jobs stay queued).
///   - searchProvider: Where Lead Search finds people; the prospect database unless given.
///   - catalog: The Enrichments the app offers and its workers run.
public func withTestApp(
    _ backend: TestBackend, config: AppConfig? = nil, credits: Int = 1000, live: Bool = false, workers: Int = 0,
    searchProvider: (any LeadSearchProvider)? = nil, interpreter: (any PromptInterpreter)? = nil, catalog: EnrichmentCatalog = .local(),
    clock: any WallClock = SystemClock(), mail: MailServices? = nil, languageModel: (any LanguageModel)? = nil,
    _ body: @Sendable (TestApp) async throws -> Void
) async throws {
    let (database, cleanup) = try await backend.makeDatabase(clock: clock)
    do {
        let stores = Stores.sql(database, secrets: try SecretBox(keyText: SecretBox.generateKeyText()))
        let (workspace, key) = try await stores.workspaces.createWorkspace(name: "test", account: Account(email: "owner@example.com"), credits: credits)
        var appConfig = try config ?? AppConfig(creditPrices: CreditPrices())
        if live { appConfig.port = 0 }
        var mail = mail ?? MailServices(verifier: SMTPMailboxVerifier(stepTimeoutSeconds: 5), dns: DNSResolver(server: "127.0.0.1", port: 9, timeoutSeconds: 1), dkimKeys: RSADKIMKeyMaker())
        if mail.mailer == nil { mail.mailer = SMTPCampaignMailer(clock: stores.clock, connections: 1) }
        let app = buildApplication(config: appConfig, stores: stores, mail: mail, catalog: catalog, languageModel: languageModel)
        let sending = CampaignSending(
            mailer: SMTPCampaignMailer(clock: stores.clock, connections: 2), publicBaseURL: appConfig.linkBaseURL, replyWindow: appConfig.replyWindow,
            languageModel: languageModel)
        let dispatcher = CampaignDispatchHandler(
            campaigns: stores.campaigns, senders: stores.senders, workspaces: stores.workspaces, mailer: sending.mailer, publicBaseURL: sending.publicBaseURL,
            replyWindow: sending.replyWindow, clock: stores.clock, logger: Logger(label: "test.dispatch"))
        let inbox = InboxReading(reader: IMAPMailboxReader(clock: stores.clock, stepTimeout: .seconds(10)))
        let mailboxSync = MailboxSyncHandler(
            unibox: stores.unibox, senders: stores.senders, reader: inbox.reader, clock: stores.clock, logger: Logger(label: "test.inbox"))
        let handlers = StandardJobs.handlers(
            stores: stores, searchProvider: searchProvider ?? stores.prospects, interpreter: interpreter, catalog: catalog, siteReader: SiteCrawler(),
            prices: appConfig.creditPrices, dns: mail.dns, sending: sending, inbox: inbox, logger: Logger(label: "test.jobs"))
        let options = JobWorkerOptions(clock: stores.clock, batchSize: 8, lease: .seconds(10), pollInterval: .milliseconds(10), retry: RetryPolicy(base: .milliseconds(20), maximum: .milliseconds(100)))
        let startWorkers: @Sendable (Int) -> Task<Void, Never> = { count in
            let pool = (0..<count).map { JobWorker(store: stores.jobs, handlers: handlers, options: options, owner: "test-\($0)", logger: Logger(label: "test.jobs")) }
            return Task { await withDiscardingTaskGroup { group in for worker in pool { group.addTask { await worker.run() } } } }
        }
        let running = startWorkers(workers)
        defer { running.cancel() }
        try await app.test(live ? .live : .router) { client in
            try await body(
                TestApp(
                    stores: stores, client: client, workspaceId: workspace.id, apiKey: key.value, databaseURL: database.url, startWorkers: startWorkers,
                    dispatcher: dispatcher, mailboxSync: mailboxSync))
        }
        running.cancel()
        await running.value
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
}

/// Checks every response against the OpenAPI document's schema for its endpoint and status.
enum SchemaCheck {
    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    static func check(method: String, path: String, response: TestResponse) throws {
        let bare = String(path.prefix { $0 != "?" })
        let schema: Schema
        if response.status >= 400 {
            schema = .ref("Error")
        } else {
            guard let endpoint = API.all.first(where: { $0.method.rawValue == method && $0.matches(path: bare) }) else { return }
            guard response.status == endpoint.status || endpoint.otherSuccess[response.status] != nil else {
                throw Mismatch(description: "\(method) \(path) answered \(response.status), not a documented success status")
            }
            schema = endpoint.response
        }
        let problems = schema.violations(of: response.json)
        if !problems.isEmpty {
            throw Mismatch(description: "\(method) \(path) \(response.status) does not match its schema: \(problems.prefix(5))")
        }
    }
}

import Hummingbird
import PuffleCore

/// The links campaign emails carry: one-click unsubscribe (RFC 8058) and the open pixel.
///
/// They are pages for people and mail clients, not API: no key, no CLI, and outside the route
/// table (whose answers are JSON). A link holds a signed token (``LinkToken``); a forged or
/// altered one is 400 and changes nothing.
struct MailLinkController: Sendable {
    
    let campaigns: any CampaignStore
    let keys: MailLinkKeys
    let clock: any WallClock

    func register(on router: Router<PuffleRequestContext>) {
        router.get("\(MailLinks.unsubscribePath)/{token}", use: confirmPage)
        router.post("\(MailLinks.unsubscribePath)/{token}", use: unsubscribe)
        router.get("\(MailLinks.openPath)/{token}", use: open)
    }

    /// GET shows a button and changes nothing: link scanners and previews follow GET links.
    @Sendable func confirmPage(_ request: Request, context: PuffleRequestContext) async throws -> Response {
        let token = try context.pathParameter("token")
        guard try await keys.token().verify(.unsubscribe, token: token) != nil else { throw Self.forged }
        return Self.page(
            title: "Unsubscribe", body: """
                <p>Stop receiving these emails?</p>
                <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
                """)
    }

    /// POST unsubscribes: the mail client's one-click request, or the page's button.
    @Sendable func unsubscribe(_ request: Request, context: PuffleRequestContext) async throws -> Response {
        let token = try context.pathParameter("token")
        guard let prospectId = try await keys.token().verify(.unsubscribe, token: token) else { throw Self.forged }
        if let (_, cancelledIn) = try await campaigns.unsubscribe(prospectId: prospectId, now: clock.now()) {
            // The cancelled prospect may have been the last one a campaign was waiting on.
            for campaignId in cancelledIn { _ = try await campaigns.completeIfDone(campaignId: campaignId, now: clock.now()) }
        }
        return Self.page(title: "Unsubscribed", body: "<p>You are unsubscribed and will not receive these emails again.</p>")
    }

    @Sendable func open(_ request: Request, context: PuffleRequestContext) async throws -> Response {
        let token = try context.pathParameter("token")
        let raw = token.hasSuffix(".gif") ? String(token.dropLast(4)) : token
        guard let step = try await keys.token().verify(.open, token: raw), let (prospectId, nodeId) = MailLinks.step(step) else { throw Self.forged }
        try await campaigns.recordOpen(prospectId: prospectId, nodeId: nodeId, now: clock.now())
        var headers = HTTPFields()
        headers[.contentType] = "image/gif"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Self.pixel)))
    }

    static let forged = PuffleError.refused(code: "invalid_token", kind: .rejected, message: "This link is not valid: its token was altered or not issued here")

    static func page(title: String, body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        let html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>\(title)</title></head><body><h1>\(title)</h1>\(body)</body></html>"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A transparent 1×1 GIF.
    static let pixel: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00,
        0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]
}

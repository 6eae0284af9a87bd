import Hummingbird
import PuffleAPI
import PuffleCore

/// `/healthz` and the OpenAPI document: the routes that need no key.
struct MetaController: Sendable {
    /// Built once: the document only changes with the code.
    let document: JSONValue = OpenAPIDocument.make()

    func register(on table: RouteTable) {
        table.onPublic("getHealth") { _, _ in Reply(["status": "ok"] as JSONValue) }
        let document = self.document
        table.onPublic("getOpenAPI") { _, _ in Reply(document) }
    }
}

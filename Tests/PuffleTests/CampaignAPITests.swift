import Foundation
import HTTPTypes
import PuffleCore
import PuffleMail
import PuffleTestSupport
import Testing

/// Authoring campaigns through the API, on every engine: the contract's shapes, the per-status
/// rules, the sequence, the roster, generated messages and validate.
@Suite struct CampaignAPITests {
    static let verified = MailServices(verifier: ScriptedVerifier([.verified]), dns: DNSResolver(server: "127.0.0.1", port: 9), dkimKeys: RSADKIMKeyMaker())

    /// An active email sender (its login is scripted to succeed).
    static func sender(_ app: TestApp, _ address: String = "sarah@acme.example") async throws -> String {
        let smtp: JSONValue = ["host": "mail.acme.example", "port": 587, "security": "starttls", "username": "sarah", "password": "pw"]
        let created = try await app.call(.post, "/api/senders/email", json: ["email_address": .string(address), "first_name": "Sarah", "smtp": smtp])
        return try #require(created["account"]?.objectValue?["id"]?.stringValue)
    }

    static func create(_ app: TestApp, name: String = "Q2 Enterprise Outreach", senders: [String]) async throws -> (id: String, nodes: [JSONValue]) {
        let created = try await app.call(.post, "/api/campaigns", json: [
            "type": "email", "name": .string(name), "sender_account_ids": .array(senders.map(JSONValue.string)), "daily_limit": 50, "stop_on_reply": true,
            "open_tracking": true, "signature": "Best,\n%sender_first%", "skip_other_campaigns": true,
        ])
        #expect(created.status == 201)
        let campaign = try #require(created["campaign"]?.objectValue)
        return (try #require(campaign["id"]?.stringValue), campaign["sequence_nodes"]?.arrayValue ?? [])
    }

    @Test(arguments: TestBackend.available)
    func createListDetailAndUpdateFollowTheContract(backend: TestBackend) async throws {
        try await withTestApp(backend, mail: Self.verified) { app in
            let sender = try await Self.sender(app)
            let created = try await app.call(.post, "/api/campaigns", json: [
                "type": "email", "name": "Q2 Enterprise Outreach", "sender_account_ids": [.string(sender)], "daily_limit": 50, "stop_on_reply": true,
                "open_tracking": true, "signature": "Best,\n%first_name%", "skip_other_campaigns": true,
            ])
            #expect(created.status == 201)
            let campaign = try #require(created["campaign"]?.objectValue)
            #expect(campaign["status"] == "draft" && campaign["type"] == "email" && campaign["daily_limit"] == 50)
            #expect(campaign["stats"] == .null && campaign["operating_hours"] == .null)
            #expect(campaign["skip_other_campaigns"] == .null, "a LinkedIn field is ignored on an email campaign")
            let nodes = try #require(campaign["sequence_nodes"]?.arrayValue)
            #expect(nodes.map { $0.objectValue?["type"] } == ["email", "end"])
            #expect(nodes.first?.objectValue?["subject"] == "" && nodes.first?.objectValue?["position"] == 0)
            let id = try #require(campaign["id"]?.stringValue)

            #expect(try await app.call(.post, "/api/campaigns", json: ["type": "email", "name": "Q2 Enterprise Outreach", "sender_account_ids": [.string(sender)]]).status == 409)
            #expect(try await app.call(.post, "/api/campaigns", json: ["type": "linkedin", "name": "LI", "sender_account_ids": [.string(sender)]]).status == 400,
                "an email sender in a LinkedIn campaign")
            #expect(try await app.call(.post, "/api/campaigns", json: ["type": "email", "name": "X", "sender_account_ids": ["nobody"]]).status == 404)
            #expect(try await app.call(.post, "/api/campaigns", json: ["type": "fax", "name": "X", "sender_account_ids": []]).status == 400)

            let listed = try await app.call(.get, "/api/campaigns")
            let row = try #require(listed["campaigns"]?.arrayValue?.first?.objectValue)
            #expect(row["node_count"] == 2 && row["sender_accounts"]?.arrayValue?.first?.objectValue?["email_address"] == "sarah@acme.example")
            #expect(row["sequence_nodes"] == nil)

            let detail = try await app.call(.get, "/api/campaigns/\(id)")
            #expect(detail["sequence_nodes"]?.arrayValue?.count == 2 && detail["campaign"]?.objectValue?["sequence_nodes"] == nil)
            #expect(detail["prospects_by_status"] == [:] && detail["prospects_by_node"] == [:])

            // A full replacement keeps the ids it is sent and renumbers by array order.
            let emailId = try #require(nodes.first?.objectValue?["id"]?.stringValue)
            let replaced = try await app.call(.patch, "/api/campaigns/\(id)", json: [
                "name": "Renamed", "operating_hours": ["timezone": "Europe/Berlin", "days": ["monday": ["enabled": true, "start": "09:00", "end": "17:00"]], "note": "kept"],
                "sequence_nodes": [
                    ["id": .string(emailId), "type": "email", "subject": "Quick question about %company%", "body": "Hi %first_name|there%,"],
                    ["type": "delay", "delay_days": 2], ["type": "email", "subject": "", "body": "Following up", "is_reply": true], ["type": "end"],
                ],
            ])
            #expect(replaced.status == 200)
            #expect(replaced["campaign"]?.objectValue?["name"] == "Renamed")
            #expect(replaced["campaign"]?.objectValue?["operating_hours"]?.objectValue?["note"] == "kept", "extra keys echoed")
            let sequence = try #require(try await app.call(.get, "/api/campaigns/\(id)")["sequence_nodes"]?.arrayValue)
            #expect(sequence.map { $0.objectValue?["type"] } == ["email", "delay", "email", "end"])
            #expect(sequence.first?.objectValue?["id"]?.stringValue == emailId && sequence[1].objectValue?["delay_days"] == 2)
            #expect(sequence.map { $0.objectValue?["position"] } == [0, 1, 2, 3])

            let tooLong = try await app.call(.patch, "/api/campaigns/\(id)", json: ["name": "Nope", "sequence_nodes": [["type": "delay", "delay_days": 31], ["type": "end"]]])
            #expect(tooLong.status == 400)
            #expect(try await app.call(.get, "/api/campaigns/\(id)")["campaign"]?.objectValue?["name"] == "Renamed", "nothing written")
            #expect(try await app.call(.patch, "/api/campaigns/\(id)", json: ["sequence_nodes": [["type": "connection_request"]]]).status == 400)
            #expect(try await app.call(.patch, "/api/campaigns/\(id)", json: ["operating_hours": ["timezone": "Mars/Olympus"]]).status == 400)

            let otherKey = try await app.otherWorkspaceKey()
            #expect(try await app.call(.get, "/api/campaigns/\(id)", key: otherKey).status == 404)
            #expect(try await app.call(.patch, "/api/campaigns/\(id)", json: ["name": "Mine"], key: otherKey).status == 404)
            #expect(try await app.call(.delete, "/api/campaigns/\(id)", key: otherKey).status == 404)
            #expect(try await app.call(.delete, "/api/campaigns/\(id)")["success"] == true)
            #expect(try await app.call(.get, "/api/campaigns/\(id)").status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func nodesAreAddedMovedEditedAndDeletedOneAtATime(backend: TestBackend) async throws {
        try await withTestApp(backend, mail: Self.verified) { app in
            let (id, _) = try await Self.create(app, senders: [try await Self.sender(app)])
            let path = "/api/campaigns/\(id)/sequence/nodes"
            let added = try await app.call(.post, path, json: ["type": "delay", "delay_hours": 5])
            #expect(added["sequence_nodes"]?.arrayValue?.map { $0.objectValue?["type"] } == ["email", "delay", "end"], "inserted before end")
            let delayId = try #require(added["sequence_nodes"]?.arrayValue?[1].objectValue?["id"]?.stringValue)
            let first = try await app.call(.post, path, json: ["type": "email", "position": 0, "subject": "First", "body": "Hello"])
            #expect(first["sequence_nodes"]?.arrayValue?.first?.objectValue?["subject"] == "First")
            let moved = try await app.call(.patch, path, json: ["nodeId": .string(delayId), "toPosition": 0])
            #expect(moved["sequence_nodes"]?.arrayValue?.first?.objectValue?["id"]?.stringValue == delayId)
            let edited = try await app.call(.put, "\(path)/\(delayId)", json: ["delay_hours": 0, "delay_minutes": 0, "subject": "ignored for a delay"])
            #expect(edited["node"]?.objectValue?["delay_hours"] == 0, "PUT does not check the range; launch does")
            #expect(try await app.call(.post, path, json: ["type": "message"]).status == 400, "a LinkedIn node in an email campaign")
            #expect(try await app.call(.put, "\(path)/nobody", json: ["subject": "x"]).status == 404)
            let deleted = try await app.call(.delete, path, json: ["nodeId": .string(delayId)])
            #expect(deleted["sequence_nodes"]?.arrayValue?.map { $0.objectValue?["position"] } == [0, 1, 2])
            #expect(try await app.call(.delete, path, json: ["nodeId": .string(delayId)]).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func theRosterNormalizesDeduplicatesAndNamesTheBadIndex(backend: TestBackend) async throws {
        try await withTestApp(backend, mail: Self.verified) { app in
            let (id, _) = try await Self.create(app, senders: [try await Self.sender(app)])
            let path = "/api/campaigns/\(id)/leads"
            let bad = try await app.call(.post, path, json: ["prospects": [["email": "a@acme.com"], ["first_name": "No address"]]])
            #expect(bad.status == 400 && bad.json.objectValue?["error"]?.objectValue?["message"]?.stringValue?.contains("prospects[1]") == true)
            #expect(try await app.call(.get, path)["total"] == 0, "nothing added from a refused batch")
            let added = try await app.call(.post, path, json: ["prospects": [
                ["email": "Ada@Acme.com", "first_name": "Ada", "company": "Acme", "custom_fields": ["Deal Size": 10]],
                ["email": "ada@acme.com"], ["email": "bob@acme.com", "first_name": "Bob"],
            ]])
            #expect(added["imported"] == 2 && added["duplicates"] == 1)
            #expect(try await app.call(.post, path, json: ["prospects": [["email": "bob@acme.com"]]])["duplicates"] == 1)
            let page = try await app.call(.get, "\(path)?page=2&limit=1")
            #expect(page["total"] == 2 && page["limit"] == 1 && page["page"] == 2 && page["prospects"]?.arrayValue?.count == 1)
            let roster = try await app.call(.get, path)["prospects"]?.arrayValue ?? []
            let ada = try #require(roster.first { $0.objectValue?["email"] == "ada@acme.com" }?.objectValue)
            #expect(ada["email"] == "ada@acme.com" && ada["status"] == "pending" && ada["source"] == "api" && ada["name"] == "Ada")
            #expect(ada["custom_fields"] == ["deal_size": "10"])
            let adaId = try #require(ada["id"]?.stringValue)
            let patched = try await app.call(.patch, path, json: ["prospect_id": .string(adaId), "updates": ["company": "Acme Corp", "status": "replied"]])
            #expect(patched["prospect"]?.objectValue?["company"] == "Acme Corp" && patched["prospect"]?.objectValue?["status"] == "pending")
            #expect(try await app.call(.patch, path, json: ["prospect_id": .string(adaId), "updates": ["email": "bob@acme.com"]]).status == 409)
            #expect(try await app.call(.get, "\(path)?limit=201").status == 400)
            #expect(try await app.call(.delete, path, json: ["prospect_ids": .array([.string(adaId)])])["deleted"] == 1)
            #expect(try await app.call(.delete, path, json: ["all": true])["deleted"] == "all")
            #expect(try await app.call(.get, path)["total"] == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func aListImportsWithItsFilterAndSuppressedAddressesAreInvalid(backend: TestBackend) async throws {
        try await withTestApp(backend, mail: Self.verified) { app in
            let (id, _) = try await Self.create(app, senders: [try await Self.sender(app)])
            let list = try #require(try await app.call(.post, "/api/lists", json: ["name": "Targets"])["list"]?.objectValue?["id"]?.stringValue)
            var leads: [JSONValue] = (0..<4).map { ListsAPITests.person($0) }
            leads.append(["type": "person", "name": ["full": "No Email"], "company": ["name": "Acme"]])
            leads.append(["type": "person", "name": ["full": "Worked Out"], "attributes": ["work_email": ["email": "worked@acme.com", "status": "valid"]]])
            #expect(try await app.call(.post, "/api/lists/import", json: ["listId": .string(list), "leads": .array(leads)]).status == 200)
            let all = try await app.call(.post, "/api/campaigns/\(id)/leads/import-from-list", json: ["listId": .string(list)])
            #expect(all["imported"] == 5 && all["invalid"] == 1 && all["duplicates"] == 0 && all["total"] == 6 && all["errors"] == 0)
            let roster = try await app.call(.get, "/api/campaigns/\(id)/leads?limit=200")
            let emails = Set(roster["prospects"]?.arrayValue?.compactMap { $0.objectValue?["email"]?.stringValue } ?? [])
            #expect(emails.contains("worked@acme.com"), "the work_email Enrichment's output")
            #expect(roster["prospects"]?.arrayValue?.first?.objectValue?["source"] == "list")
            let again = try await app.call(.post, "/api/campaigns/\(id)/leads/import-from-list", json: ["listId": .string(list)])
            #expect(again.status == 422 && again["duplicates"] == 5 && again.errorCode == "unprocessable_entity")

            let (second, _) = try await Self.create(app, name: "Second", senders: [])
            let filtered = try await app.call(.post, "/api/campaigns/\(second)/leads/import-from-list", json: [
                "listId": .string(list), "filter": ["where": [["field": "name", "value": "person"]], "orderBy": [["field": "email", "direction": "desc"]], "limit": 2],
            ])
            #expect(filtered["imported"] == 2 && filtered["total"] == 2)
            #expect(try await app.call(.post, "/api/campaigns/\(second)/leads/import-from-list", json: ["listId": "nope"]).status == 404)
            #expect(try await app.call(.post, "/api/campaigns/\(second)/leads/import-from-list", json: ["listId": .string(list), "filter": ["where": [["field": "shoe_size", "value": "9"]]]]).status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func validateGenerateAndEditDraftsThenLaunchOnlyWhenReady(backend: TestBackend) async throws {
        try await withTestApp(backend, mail: Self.verified) { app in
            let sender = try await Self.sender(app)
            let (id, nodes) = try await Self.create(app, senders: [sender])
            let empty = try await app.call(.get, "/api/campaigns/\(id)/validate")
            #expect(empty["ready"] == false)
            let checks = try #require(empty["checks"]?.objectValue)
            #expect(Set(checks.keys) == [
                "is_draft", "has_sender_accounts", "sender_accounts_ready", "has_prospects", "prospect_count", "has_sendable_nodes", "all_nodes_have_content",
                "messages_generated", "message_count",
            ])
            #expect(checks["has_prospects"] == false && checks["all_nodes_have_content"] == false && checks["sender_accounts_ready"] == true)
            let refused = try await app.call(.post, "/api/campaigns/\(id)/launch")
            #expect(refused.status == 400 && refused.json.objectValue?["error"]?.objectValue?["message"]?.stringValue?.contains("no pending prospects") == true)

            let emailId = try #require(nodes.first?.objectValue?["id"]?.stringValue)
            _ = try await app.call(.put, "/api/campaigns/\(id)/sequence/nodes/\(emailId)", json: ["subject": "Hi %first_name|there%", "body": "About %company% and %custom_fields.deal%"])
            _ = try await app.call(.post, "/api/campaigns/\(id)/leads", json: ["prospects": [["email": "ada@acme.com", "first_name": "Ada", "company": "Acme"], ["email": "bob@acme.com"]]])
            let ready = try await app.call(.get, "/api/campaigns/\(id)/validate")
            #expect(ready["ready"] == true && ready["errors"] == [])
            let warnings = ready["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(warnings.contains { $0.contains("%company%") && $0.contains("%custom_fields.deal%") }, "variables some prospects lack")
            #expect(warnings.contains { $0.contains("generate-messages") })

            let generated = try await app.call(.post, "/api/campaigns/\(id)/generate-messages", json: ["action": "resolve"])
            let messages = try #require(generated["messages"]?.arrayValue)
            #expect(messages.count == 2 && messages.allSatisfy { $0.objectValue?["status"] == "draft" })
            let ada = try #require(messages.first { $0.objectValue?["subject"] == "Hi Ada" }?.objectValue)
            #expect(messages.contains { $0.objectValue?["subject"] == "Hi there" }, "the fallback")
            let messageId = try #require(ada["id"]?.stringValue)
            let edited = try await app.call(.patch, "/api/campaigns/\(id)/generate-messages", json: ["message_id": .string(messageId), "body_text": "Edited by hand"])
            #expect(edited["message"]?.objectValue?["manually_edited"] == true)
            _ = try await app.call(.post, "/api/campaigns/\(id)/generate-messages", json: ["action": "resolve"])
            let kept = try await app.call(.get, "/api/campaigns/\(id)/generate-messages?status=draft")
            #expect(kept["messages"]?.arrayValue?.contains { $0.objectValue?["body_text"] == "Edited by hand" } == true, "a re-run keeps edits")
            #expect(try await app.call(.get, "/api/campaigns/\(id)/validate")["checks"]?.objectValue?["message_count"] == 2)
            #expect(try await app.call(.post, "/api/campaigns/\(id)/generate-messages", json: ["action": "generate_ai"]).errorCode == "ai_model_not_configured")

            let launched = try await app.call(.post, "/api/campaigns/\(id)/launch")
            #expect(launched.status == 200 && launched["success"] == true && launched["prospectsToProcess"] == 2 && launched["message"] == "Campaign launch started")
            #expect(launched["runId"]?.stringValue?.hasPrefix("run_") == true)
            let active = try await app.call(.get, "/api/campaigns/\(id)")
            #expect(active["campaign"]?.objectValue?["status"] == "active" && active["campaign"]?.objectValue?["stats"]?.objectValue?["total"] == 2)
            #expect(active["prospects_by_node"]?.objectValue?["__none__"]?.objectValue?["pending"] == 2)
            let notDraft = try await app.call(.get, "/api/campaigns/\(id)/validate")
            #expect(notDraft["errors"] == ["Campaign is active — must be draft to launch"] && notDraft["ready"] == false)
            #expect(try await app.call(.post, "/api/campaigns/\(id)/launch").status == 400)
            #expect(try await app.call(.post, "/api/campaigns/\(id)/leads", json: ["prospects": [["email": "late@acme.com"]]]).status == 400, "the roster froze")
            #expect(try await app.call(.patch, "/api/campaigns/\(id)/generate-messages", json: ["message_id": .string(messageId), "subject": "x"]).status == 400)

            // Active: only name, operating hours and caps change; the rest is ignored.
            let patched = try await app.call(.patch, "/api/campaigns/\(id)", json: ["name": "Live", "signature": "ignored", "daily_limit": 20])
            let live = try #require(patched["campaign"]?.objectValue)
            #expect(live["name"] == "Live" && live["daily_limit"] == 20 && live["signature"] == "Best,\n%sender_first%")
            #expect(try await app.call(.post, "/api/campaigns/\(id)/resume").json.objectValue?["error"]?.objectValue?["message"] == "Only paused campaigns can be resumed")
            let paused = try await app.call(.post, "/api/campaigns/\(id)/pause")
            #expect(paused["campaign"]?.objectValue?["status"] == "paused" && paused["campaign"]?.objectValue?["pause_reason"] != .null)
            #expect(try await app.call(.post, "/api/campaigns/\(id)/pause").json.objectValue?["error"]?.objectValue?["message"] == "Only active campaigns can be paused")
            let resumed = try await app.call(.post, "/api/campaigns/\(id)/resume")
            #expect(resumed["campaign"]?.objectValue?["status"] == "active" && resumed["campaign"]?.objectValue?["pause_reason"] == .null)
            #expect(try await app.call(.get, "/api/campaigns")["campaigns"]?.arrayValue?.first?.objectValue?["status"] == "active")
        }
    }

    @Test(arguments: TestBackend.available)
    func aLinkedInCampaignIsAuthoredWithTheSameRulesButCannotLaunchWithoutItsAccount(backend: TestBackend) async throws {
        try await withTestApp(backend, mail: Self.verified) { app in
            let created = try await app.call(.post, "/api/campaigns", json: [
                "type": "linkedin", "name": "LI", "sender_account_ids": [], "skip_other_campaigns": true, "daily_limit": 40, "signature": "ignored",
            ])
            let campaign = try #require(created["campaign"]?.objectValue)
            #expect(campaign["skip_other_campaigns"] == true && campaign["daily_limit"] == .null && campaign["signature"] == .null, "email fields ignored")
            #expect(campaign["sequence_nodes"]?.arrayValue?.map { $0.objectValue?["type"] } == ["connection_request", "end"])
            let id = try #require(campaign["id"]?.stringValue)
            #expect(try await app.call(.post, "/api/campaigns/\(id)/sequence/nodes", json: ["type": "email"]).status == 400)
            #expect(try await app.call(.post, "/api/campaigns/\(id)/sequence/nodes", json: ["type": "message", "body": "Thanks for connecting"]).status == 200)
            let bad = try await app.call(.post, "/api/campaigns/\(id)/leads", json: ["prospects": [["linkedin_url": "https://example.com/ada"]]])
            #expect(bad.status == 400, "a LinkedIn campaign needs a linkedin.com URL")
            let added = try await app.call(.post, "/api/campaigns/\(id)/leads", json: ["prospects": [
                ["linkedin_url": "https://www.linkedin.com/in/ada/?utm=x"], ["linkedin_url": "https://www.linkedin.com/in/ada"],
            ]])
            #expect(added["imported"] == 1 && added["duplicates"] == 1, "normalized: query and trailing slash dropped")
            let validate = try await app.call(.get, "/api/campaigns/\(id)/validate")
            #expect(validate["ready"] == false && validate["checks"]?.objectValue?["has_sender_accounts"] == false)
            let launch = try await app.call(.post, "/api/campaigns/\(id)/launch")
            #expect(launch.status == 400 && launch.json.objectValue?["error"]?.objectValue?["message"]?.stringValue?.contains("no sender accounts") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func campaignSendersSettingsAndUsageShowTheSenders(backend: TestBackend) async throws {
        try await withTestApp(backend, mail: Self.verified) { app in
            let sender = try await Self.sender(app)
            let (id, _) = try await Self.create(app, senders: [sender])
            let senders = try await app.call(.get, "/api/campaigns/\(id)/senders")
            #expect(senders["campaign_type"] == "email" && senders["campaign_total_sent"] == 0)
            #expect(senders["senders"]?.arrayValue?.first?.objectValue?["account_id"]?.stringValue == sender)
            let usage = try await app.call(.get, "/api/campaigns/\(id)/account-usage?date=2026-01-02")
            #expect(usage["accounts"]?.arrayValue?.first?.objectValue?["sent_today"] == 0)
            #expect(try await app.call(.get, "/api/campaigns/\(id)/account-usage?date=garbage").status == 200, "a malformed date is today")
            let settings = try await app.call(.get, "/api/campaigns/settings")
            #expect(settings["accounts"]?.arrayValue?.first?.objectValue?["daily_stats"] == ["sent": 0, "daily_limit": 30])
            #expect(settings["schedules"] == [] && settings["weekly_stats"] == [])
        }
    }
}

/// CSV prospects: upload guesses the columns and writes nothing; confirm adds the rows.
@Suite struct CampaignCSVTests {
    static func multipart(_ csv: String, filename: String = "leads.csv", boundary: String = "XyZ123") -> String {
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
    }

    @Test(arguments: TestBackend.available)
    func anUploadIsMappedThenConfirmedWithCustomFields(backend: TestBackend) async throws {
        try await withTestApp(backend, mail: CampaignAPITests.verified) { app in
            let (id, _) = try await CampaignAPITests.create(app, senders: [try await CampaignAPITests.sender(app)])
            let csv = "Email,First Name,Company Name,Job Title,Deal Size\nada@acme.com,Ada,Acme,CTO,10k\n\"bob@acme.com\",\"Bob, Jr.\",Acme,VP,\nnot-an-email,Cy,Acme,CEO,5k\nada@acme.com,Ada,Acme,CTO,10k\n"
            let upload = try await app.fetch(
                .post, "/api/campaigns/\(id)/leads/upload-csv", body: Self.multipart(csv), contentType: "multipart/form-data; boundary=XyZ123", authorized: true)
            #expect(upload.status == 200, "\(upload.body)")
            let answer = try #require(try JSONParser.parse(upload.body).objectValue)
            #expect(answer["columns"] == ["Email", "First Name", "Company Name", "Job Title", "Deal Size"])
            let mapping = try #require(answer["auto_mapping"]?.objectValue)
            #expect(mapping["email"] == "Email" && mapping["first_name"] == "First Name" && mapping["company"] == "Company Name" && mapping["position"] == "Job Title")
            #expect(mapping["last_name"] == .null && mapping["linkedin_url"] == .null)
            #expect(answer["total_rows"] == 4 && answer["preview_rows"]?.arrayValue?[1].objectValue?["First Name"] == "Bob, Jr.")
            #expect(try await app.call(.get, "/api/campaigns/\(id)/leads")["total"] == 0, "upload writes nothing")

            let confirm: JSONValue = [
                "lead_list_id": answer["lead_list_id"] ?? .null, "csv_text": answer["csv_text"] ?? .null,
                "mapping": ["email": "Email", "first_name": "First Name", "company": "Company Name", "position": "Job Title"],
            ]
            let confirmed = try await app.call(.post, "/api/campaigns/\(id)/leads/confirm-csv", json: confirm)
            #expect(confirmed["imported"] == 2 && confirmed["invalid"] == 1 && confirmed["duplicates"] == 1)
            let roster = try await app.call(.get, "/api/campaigns/\(id)/leads")["prospects"]?.arrayValue ?? []
            let ada = try #require(roster.first { $0.objectValue?["email"] == "ada@acme.com" }?.objectValue)
            #expect(ada["source"] == "csv" && ada["custom_fields"] == ["deal_size": "10k"] && ada["position"] == "CTO")
            #expect(try await app.call(.post, "/api/campaigns/\(id)/leads/confirm-csv", json: confirm)["duplicates"] == 3, "safe to repeat")
            #expect(try await app.call(.post, "/api/campaigns/\(id)/leads/confirm-csv", json: [
                "lead_list_id": "x", "csv_text": .string(csv), "mapping": ["first_name": "First Name"],
            ]).status == 400, "the address column must be mapped")

            let sheet = try await app.fetch(
                .post, "/api/campaigns/\(id)/leads/upload-csv", body: Self.multipart("x", filename: "leads.xlsx"), contentType: "multipart/form-data; boundary=XyZ123",
                authorized: true)
            #expect(sheet.status == 400 && sheet.body.contains("export the sheet as CSV"))
            let notMultipart = try await app.fetch(.post, "/api/campaigns/\(id)/leads/upload-csv", body: csv, contentType: "text/csv", authorized: true)
            #expect(notMultipart.status == 400 && notMultipart.body.contains("multipart/form-data"))
            let broken = try await app.fetch(
                .post, "/api/campaigns/\(id)/leads/upload-csv", body: "--XyZ123\r\nno headers", contentType: "multipart/form-data; boundary=XyZ123", authorized: true)
            #expect(broken.status == 400 && broken.body.contains("invalid_request"))
        }
    }

    @Test func multipartAndCSVReadWhatClientsSend() throws {
        let body = Array("preamble\r\n--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\r\n--b--\r\n".utf8)
        let parts = try MultipartForm.parse(body, boundary: "b")
        #expect(parts.map(\.name) == ["note", "file"] && parts[1].filename == "a.csv" && String(decoding: parts[1].data, as: UTF8.self) == "a,b\n1,2")
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=\"q r\"") == "q r")
        #expect(MultipartForm.boundary(contentType: "application/json") == nil)
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm.parse(Array("--b\r\nnothing".utf8), boundary: "b") }
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm.parse(Array("--b\r\nno blank line\r\n--b--".utf8), boundary: "b") }
        #expect(CSVText.records("a,\"b\nc\"\n\n1,2\n") == [["a", "b\nc"], ["1", "2"]], "a quoted line break, a blank line skipped")
        #expect(CSVText.records("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]], "CRLF lines")
        #expect(CampaignCSV.autoMapping(columns: ["E-mail", "LinkedIn URL", "Surname"])["linkedin_url"] == "LinkedIn URL")
        #expect(CampaignCSV.autoMapping(columns: ["E-mail", "LinkedIn URL", "Surname"])["last_name"] == "Surname")
    }
}

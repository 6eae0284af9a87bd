import ArgumentParser
import Foundation
import HTTPTypes
import PuffleAPI
@testable import PuffleCLI
import PuffleCore
import PuffleStore
import PuffleTestSupport
import Testing

@Suite struct CLITests {
    @Test func everyDeclaredCommandIsReachableByItsWords() throws {
        for endpoint in API.all {
            guard let command = endpoint.command else { continue }
            // The flags of its path: an endpoint sharing its words with another is told apart by them.
            let flags = endpoint.pathParameterNames.flatMap { ["--" + CommandFlags.kebab($0), "x"] }
            let (matched, rest) = try #require(ClientCommand.match(command + flags))
            #expect(matched.operationId == endpoint.operationId)
            #expect(rest == flags)
        }
        #expect(ClientCommand.match(["list", "bogus"]) == nil)
        #expect(ClientCommand.match(["campaign"])?.0.operationId == "listCampaigns")
        #expect(ClientCommand.match(["campaign", "--id", "c1"])?.0.operationId == "getCampaign")
        #expect(ClientCommand.match(["campaign", "--id=c1"])?.0.operationId == "getCampaign")
    }

    @Test func operatorCommandsComeFromTheirTableAndHideNoAPICommand() throws {
        #expect(OperatorCommand.words == ["serve", "worker", "migrate", "workspace", "key", "credits", "jobs", "prospects", "bench"])
        let apiFirstWords = Set(API.all.compactMap { $0.command?.first })
        #expect(OperatorCommand.words.isDisjoint(with: apiFirstWords), "an operator word would hide \(OperatorCommand.words.intersection(apiFirstWords))")
        let help = PuffleMain.overview
        for line in ["puffle workspace create", "puffle jobs retry", "puffle bench campaign", "puffle serve", "puffle campaign launch"] {
            #expect(help.contains(line), "\(line) in puffle --help")
        }
    }

    @Test func flagsAreKebabCasedAndTyped() throws {
        let endpoint = try #require(API.endpoint("importListLeads"))
        let flags = CommandFlags(endpoint: endpoint)
        #expect(flags.flags.map(\.name) == ["leads", "list-id", "preview"])
        let parsed = try ParsedArguments(arguments: ["--leads", #"[{"type":"person","name":"A"}]"#, "--list-id", "L1", "--preview", "--format", "raw"], flags: flags)
        #expect(parsed.values["preview"] == .bool(true))
        #expect(parsed.values["list-id"] == "L1")
        #expect(parsed.format == .raw)
        #expect(throws: PuffleError.self) { try ParsedArguments(arguments: ["--nope", "1"], flags: flags) }
        let add = CommandFlags(endpoint: try #require(API.endpoint("addListLeads")))
        #expect(try ParsedArguments(arguments: ["--lead-ids", "a,b"], flags: add).values["lead-ids"] == ["a", "b"])
    }

    @Test func senderCommandsTakeTheContractsFlagsAndServerSettingsAsJSON() throws {
        let (domain, rest) = try #require(ClientCommand.match(["email", "domain", "create", "--domain", "acme.com"]))
        #expect(domain.operationId == "createEmailDomain")
        #expect(try ParsedArguments(arguments: rest, flags: CommandFlags(endpoint: domain)).values["domain"] == "acme.com")
        let account = try #require(API.endpoint("createEmailAccount"))
        let names = CommandFlags(endpoint: account).flags.map(\.name)
        for flag in ["username", "domain-id", "display-name", "first-name", "last-name"] { #expect(names.contains(flag), "\(flag)") }
        let (sender, senderRest) = try #require(ClientCommand.match([
            "sender", "email", "create", "--email-address", "sarah@acme.com", "--smtp", #"{"host":"smtp.acme.com","port":465,"security":"tls"}"#,
        ]))
        #expect(sender.operationId == "createEmailSender")
        let parsed = try ParsedArguments(arguments: senderRest, flags: CommandFlags(endpoint: sender))
        #expect(parsed.values["smtp"]?.objectValue?["port"] == 465)
        #expect(ClientCommand.match(["sender", "detail", "--id", "x"])?.0.operationId == "getSender")
        #expect(ClientCommand.match(["sender", "--type", "email"])?.0.operationId == "listSenders")
    }

    @Test func helpComesFromTheDeclaration() throws {
        let help = ClientHelp.text(for: CommandFlags(endpoint: try #require(API.endpoint("importListLeads"))))
        #expect(help.contains("puffle list import --leads <leads>"))
        #expect(help.contains("POST /api/lists/import"))
        #expect(help.contains("--file"))
        for column in ["type", "full_name", "company_name     or company", "company_domain   or domain", "linkedin_url     or linkedin", "email", "JSONL"] {
            #expect(help.contains(column), "the --file help names \(column)")
        }
    }

    @Test func csvRowsBecomeLeadInputs() {
        #expect(CSVLine.split(#"a,"b, c","say ""hi""",d"#) == ["a", "b, c", #"say "hi""#, "d"])
        let lead = CSVLead.input(columns: ["full_name", "email", "linkedin_url", "company_name"], fields: ["Jane Doe", "jane@acme.com", "https://linkedin.com/in/jane", "Acme"])
        #expect(lead.objectValue?["type"] == "person")
        #expect(lead.objectValue?["company"]?.objectValue?["name"] == "Acme")
    }

    @Test func csvTypesKeepWhatTheServerMustJudgeAndCommonColumnNamesAreRead() {
        let columns = CSVLead.columns(["Name", "TYPE", "Company", "LinkedIn", "Domain", "company-size"])
        #expect(columns == ["name", "type", "company", "linkedin", "domain", "company_size"])
        let person = CSVLead.input(columns: columns, fields: ["Jane Doe", "Person", "Acme", "https://linkedin.com/in/jane", "acme.com", "51-200"])
        #expect(person["type"] == "person")
        #expect(person["name"]?["full"] == "Jane Doe")
        #expect(person["company"]?["name"] == "Acme")
        #expect(person["company"]?["domain"] == "acme.com")
        #expect(person["socials"]?.arrayValue?.first?["url"] == "https://linkedin.com/in/jane")
        #expect(person["size"] == "51-200")
        let company = CSVLead.input(columns: columns, fields: ["", "COMPANY", "Acme", "", "https://acme.com", ""])
        #expect(company["type"] == "company")
        #expect(company["name"]?["full"] == "Acme")
        #expect(company["domain"] == "https://acme.com", "the server normalizes domains")
        #expect(CSVLead.input(columns: ["name", "type"], fields: ["Bot", "Robot"])["type"] == "Robot", "passed on for the server to refuse")
        #expect(CSVLead.input(columns: ["name", "type"], fields: ["Jane Doe", ""])["type"] == "person")
        #expect(CSVLead.input(columns: ["name"], fields: ["Jane Doe"])["type"] == "person")
        for pair in [["company", "company_name"], ["company_name", "company"]] {
            let fields = pair.map { $0 == "company" ? "Alias Co" : "Real Co" }
            #expect(CSVLead.input(columns: pair, fields: fields)["company"]?["name"] == "Real Co", "the documented column wins")
        }
    }

    @Test func quotedCSVFieldsMaySpanLinesAndEachRowKnowsItsLine() throws {
        var parser = CSVRecordParser()
        #expect(parser.feed(line: #"Jane,"VP,"#) == nil)
        #expect(parser.isInsideQuotes)
        #expect(parser.feed(line: #"Sales ""EMEA""",x"#) == ["Jane", "VP,\nSales \"EMEA\"", "x"])
        #expect(!parser.isInsideQuotes)
        #expect(CSVLine.split(#"  "padded" , b"#) == ["padded", "b"])

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let csv = "\u{FEFF}Full Name,Title,Type\r\nJane Doe,\"VP,\r\n\r\nSales\",\r\n\r\nAcme,,Company\r\n"
        try csv.write(to: file, atomically: true, encoding: .utf8)
        var rows = try #require(LeadFileRows(path: file.path))
        let first = rows.next()
        let jane = try #require(first)
        #expect(jane["name"]?["full"] == "Jane Doe", "the byte order mark is not part of the first column's name")
        #expect(jane["title"] == "VP,\n\nSales")
        #expect(jane["type"] == "person")
        #expect(rows.line == 2)
        let second = rows.next()
        let acme = try #require(second)
        #expect(acme["type"] == "company")
        #expect(acme["name"]?["full"] == "Acme")
        #expect(rows.line == 6)
        #expect(rows.next() == nil)
    }

    @Test func rowErrorsAreShownWithTheFileLineOfTheirRow() {
        let answer: [JSONValue] = [
            ["index": 1, "code": "invalid_request", "message": #"type: must be "person" or "company", got "robot""#],
            ["index": 0, "code": "conflict", "message": "taken"],
        ]
        let located = ListImportFile.located(answer, lines: [2, 5], firstIndex: 500)
        #expect(located.map { $0["index"] } == [.number(501), .number(500)])
        #expect(located.map { $0["line"] } == [.number(5), .number(2)])
        #expect(ListImportFile.describe(located[0]) == #"line 5: type: must be "person" or "company", got "robot""#)
        #expect(ListImportFile.describe(located[1]) == "line 2: taken (conflict)")
    }

    @Test func globalFlagsMayComeBeforeTheCommandWords() throws {
        #expect(PuffleMain.globalFlagsAfterCommand(["--format", "raw", "account"]) == ["account", "--format", "raw"])
        #expect(PuffleMain.globalFlagsAfterCommand(["--format=pretty", "list", "lead", "--id", "x"]) == ["list", "lead", "--id", "x", "--format=pretty"])
        #expect(PuffleMain.globalFlagsAfterCommand(["list", "--format", "raw"]) == ["list", "--format", "raw"])
        let (endpoint, rest) = try #require(ClientCommand.match(PuffleMain.globalFlagsAfterCommand(["--format", "raw", "account"])))
        #expect(endpoint.operationId == "getAccount")
        #expect(try ParsedArguments(arguments: rest, flags: CommandFlags(endpoint: endpoint)).format == .raw)
    }
}

/// Operator commands run in-process against the test database, as `puffle ...` would.
@Suite struct OperatorCLITests {
    @Test func cancellingALeadSearchJobFailsItsTaskAndRetryQueuesItAgain() async throws {
        try await withTestApp(.sqlite) { app in
            let created = try await app.call(.post, "/api/leads/search", json: ["prompt": "CTOs", "fetch_count": 5])
            let taskId = try #require(created["task"]?["id"]?.stringValue)
            let job = try #require(try await app.stores.jobs.jobs(status: .queued, kind: "lead_search", limit: 1).first)
            guard case .sqlite(let path) = app.databaseURL else { return }
            var cancel = try OperatorCommand.parseAsRoot(["jobs", "cancel", "--id", job.id, "--database-url", "sqlite:\(path)"]) as? any AsyncParsableCommand
            try await cancel?.run()
            #expect(try await app.stores.jobs.job(id: job.id).status == .cancelled)
            let task = try await app.call(.get, "/api/leads/search?taskId=\(taskId)")["tasks"]?.arrayValue?.first
            #expect(task?["status"] == "failed")
            #expect(task?["errorCode"] == "cancelled")
            var retry = try OperatorCommand.parseAsRoot(["jobs", "retry", "--id", job.id, "--database-url", "sqlite:\(path)"]) as? any AsyncParsableCommand
            try await retry?.run()
            #expect(try await app.stores.jobs.job(id: job.id).status == .queued)
            #expect(throws: (any Error).self) { try OperatorCommand.parseAsRoot(["jobs", "list", "--status", "sleeping"]) }
        }
    }

    @Test func operatorErrorsPrintTheirMessageAndExitNonZero() async throws {
        #expect(PuffleError.notFound("Workspace x not found").commandLineMessage == "puffle: Workspace x not found")
        try await withTestApp(.sqlite) { app in
            guard case .sqlite(let path) = app.databaseURL else { return }
            let status = await PuffleMain.runOperator(["credits", "grant", "--workspace", "nope", "--amount", "5", "--database-url", "sqlite:\(path)"])
            #expect(status == 1, "a PuffleError is reported, not handed to ArgumentParser's debug-text exit")
        }
    }

    @Test func prospectRowsKeepThePersonWithoutAnUnreadableDomain() {
        let row: JSONValue = ["type": "person", "name": ["full": "Jane Doe"], "company": ["name": "Acme", "domain": "not a domain"]]
        #expect(!LeadInput(json: row).isValid, "a Lead input refuses the domain")
        let kept = ProspectsCommand.Import.withoutUnreadableDomains(row)
        #expect(LeadInput(json: kept).isValid)
        #expect(kept.objectValue?["company"]?.objectValue?["name"] == "Acme")
        let fine: JSONValue = ["type": "company", "name": "Acme", "domain": "https://www.acme.com/about"]
        #expect(ProspectsCommand.Import.withoutUnreadableDomains(fine) == fine)
    }
}

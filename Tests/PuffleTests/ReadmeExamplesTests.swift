import HTTPTypes
import Foundation
import PuffleCore
import PuffleTestSupport
import Testing

/// The README's Lead Search examples find people in the sample it tells newcomers to load.
@Suite struct ReadmeExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `--prompt "..."` of the README.
    static func prompts() throws -> [String] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        return readme.components(separatedBy: "--prompt \"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }

    @Test func theReadmesSearchExamplesFindPeopleInTheShippedSample() async throws {
        let prompts = try Self.prompts()
        #expect(!prompts.isEmpty)
        let sample = try String(contentsOf: Self.root.appendingPathComponent("Samples/prospects.jsonl"), encoding: .utf8)
        let inputs = sample.split(separator: "\n").map { LeadInput(json: (try? JSONParser.parse(String($0))) ?? .null) }
        try await withTestApp(.sqlite, credits: 10_000, workers: 1) { app in
            _ = try await app.stores.prospects.importProspects(inputs)
            for prompt in prompts {
                let created = try await app.call(.post, "/api/leads/search", json: ["prompt": .string(prompt), "fetch_count": 10])
                let task = try await LeadSearchAPITests.waitForTask(app, created["task"]?["id"]?.stringValue ?? "")
                #expect(task["status"] == "done", "\(prompt)")
                #expect((task["resultCount"]?.intValue ?? 0) > 0, "\(prompt) finds nobody in Samples/prospects.jsonl")
            }
        }
    }
}

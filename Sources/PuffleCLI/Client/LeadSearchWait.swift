import Foundation
import PuffleClient
import PuffleCore

/// `puffle lead search create ... --wait`: polls the new task with backoff until it ends, showing
/// its status on stderr, then prints the creation answer with the finished task in it.
struct LeadSearchWait {
    let client: PuffleHTTPClient
    let format: ClientCommand.Format

    /// - Returns: 0 when the task is done, 1 when it failed.
    func run(created: PuffleHTTPClient.Response) async throws -> Int32 {
        guard case .object(var answer) = try JSONParser.parse(created.body), let taskId = answer["task"]?["id"]?.stringValue else {
            return ClientCommand.output(created, format: format)
        }
        var delay = Duration.seconds(1)
        let start = ContinuousClock.now
        while true {
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(8))
            let polled = try await client.send(method: "GET", path: "/api/leads/search", query: [URLQueryItem(name: "taskId", value: taskId)])
            guard polled.status == 200 else { return ClientCommand.output(polled, format: format) }
            let task = try JSONParser.parse(polled.body)["tasks"]?.arrayValue?.first ?? .null
            let status = task["status"]?.stringValue ?? "unknown"
            let elapsed = Int((ContinuousClock.now - start).components.seconds)
            FileHandle.standardError.write(Data("\rtask \(taskId): \(status) after \(elapsed) s".utf8))
            guard status == "done" || status == "failed" else { continue }
            FileHandle.standardError.write(Data("\n".utf8))
            answer["task"] = task
            let body = JSONValue.object(answer)
            print(ClientCommand.render(body, format: format))
            return status == "done" ? 0 : 1
        }
    }
}

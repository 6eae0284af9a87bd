import Foundation

/// One message's fate, as the send log keeps it: what warmup figures, daily caps and stats count.
public struct SendRecord: Sendable, Equatable {
    /// How a send ended (``SendRecord/outcome``).
    public enum Outcome: String, Sendable, CaseIterable {
        /// The server took it (2xx to the final dot).
        case sent
        /// The server refused it for good (5xx): a bounce.
        case bounced
        /// The server asked to try later (4xx).
        case deferred
        /// The connection died after the final dot: it may or may not have gone; never resent blindly.
        case unknown
        /// A message that arrived in the sender's inbox (counted once the inbox syncs).
        case received
    }

    public var id: String
    public var workspaceId: String
    public var accountId: String
    public var campaignId: String?
    public var recipient: String
    public var messageId: String
    public var outcome: Outcome
    /// The server's reply: its queue id when accepted, its refusal otherwise.
    public var detail: String?
    public var at: Timestamp

    public init(
        id: String = SortableID.make(), workspaceId: String, accountId: String, campaignId: String? = nil, recipient: String, messageId: String,
        outcome: Outcome, detail: String?, at: Timestamp
    ) {
        self.id = id
        self.workspaceId = workspaceId
        self.accountId = accountId
        self.campaignId = campaignId
        self.recipient = recipient
        self.messageId = messageId
        self.outcome = outcome
        self.detail = detail
        self.at = at
    }
}

/// Calendar days in a workspace's timezone: where "today" starts for daily caps.
public struct LocalCalendar: Sendable {
    let calendar: Calendar

    /// - Parameter timeZone: An IANA name; UTC when unknown.
    public init(timeZone: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        self.calendar = calendar
    }

    /// `YYYY-MM-DD` of the day `time` falls on.
    public func day(of time: Timestamp) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000))
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// When the day of `time` began.
    public func startOfDay(_ time: Timestamp) -> Timestamp {
        let start = calendar.startOfDay(for: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000))
        return Timestamp(milliseconds: Int64((start.timeIntervalSince1970 * 1000).rounded()))
    }

    /// The days from the one `time` falls on, `count` of them.
    public func days(from time: Timestamp, count: Int) -> [String] {
        let start = calendar.startOfDay(for: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000))
        return (0..<count).compactMap { offset in
            calendar.date(byAdding: .day, value: offset, to: start).map { day(of: Timestamp(milliseconds: Int64($0.timeIntervalSince1970 * 1000))) }
        }
    }
}

/// Daily caps and the send schedule: how many messages a sender may still send on each day.
public enum SendCapacity {
    /// One day of a sender's schedule.
    public struct Day: Sendable, Equatable {
        public var date: String
        public var dailyLimit: Int
        /// Messages already handed to the server that day (sent, bounced, or of unknown fate).
        public var sent: Int
        /// Messages promised to that day (scheduled campaign steps) and not yet sent.
        public var committed: Int
        /// What is left: the limit less sent and committed, never below zero; zero for a sender
        /// that cannot send.
        public var available: Int
    }

    /// Whether a logged send counts against the day's cap: anything the server was handed.
    public static func countsAgainstCap(_ outcome: SendRecord.Outcome) -> Bool {
        outcome == .sent || outcome == .bounced || outcome == .unknown
    }

    /// Sends that count against the cap on the day `now` falls on.
    public static func sentToday(_ records: [SendRecord], calendar: LocalCalendar, now: Timestamp) -> Int {
        let today = calendar.day(of: now)
        return records.filter { countsAgainstCap($0.outcome) && calendar.day(of: $0.at) == today }.count
    }

    /// The next `count` days from today, in the workspace's calendar.
    /// - Parameter committed: Messages promised to each date (campaigns fill it).
    public static func schedule(
        for account: SenderAccount, records: [SendRecord], committed: [String: Int] = [:], calendar: LocalCalendar, now: Timestamp, count: Int = 7
    ) -> [Day] {
        var sentByDay: [String: Int] = [:]
        for record in records where countsAgainstCap(record.outcome) { sentByDay[calendar.day(of: record.at), default: 0] += 1 }
        let usable = account.status.isSendable
        return calendar.days(from: now, count: count).map { date in
            let sent = sentByDay[date] ?? 0
            let promised = committed[date] ?? 0
            let left = usable ? max(0, account.dailyLimit - sent - promised) : 0
            return Day(date: date, dailyLimit: account.dailyLimit, sent: sent, committed: promised, available: left)
        }
    }
}

/// Warmup figures from our own send log, and the transitions they lead to. Nothing is invented:
/// a sender that sent nothing has no health score.
public enum WarmupPolicy {
    /// A warming sender graduates to `active` after this long...
    public static let graduationPeriod: Duration = .seconds(14 * 86_400)
    /// ...when under this share of what it sent bounced.
    public static let graduationMaxBounceRate = 0.05
    /// A sender whose bounces reach this share, over at least ``suspensionMinimumSent`` sends, is
    /// suspended (`error`/`suspended`): sending more would burn the domain.
    public static let suspensionBounceRate = 0.10
    public static let suspensionMinimumSent = 20

    /// One sender's figures.
    public struct Figures: Sendable, Equatable {
        /// One day of the window.
        public struct Day: Sendable, Equatable {
            public var date: String
            public var sent: Int
            public var received: Int
        }

        public var sent: Int
        public var bounced: Int
        public var received: Int
        /// Each day of the window, oldest first.
        public var daily: [Day]
        /// 0 to 100: the share of sends that did not bounce; nil before the first send.
        public var healthScore: Int?

        /// Excellent (95+), Good (85+), Fair (70+), Poor; nil without a score.
        public var label: String? {
            guard let healthScore else { return nil }
            switch healthScore {
            case 95...: return "Excellent"
            case 85...: return "Good"
            case 70...: return "Fair"
            default: return "Poor"
            }
        }
    }

    /// The figures of the last `days` days (today included).
    public static func figures(_ records: [SendRecord], calendar: LocalCalendar, now: Timestamp, days: Int = 14) -> Figures {
        let window = calendar.days(from: now.adding(.seconds(-Int64(days - 1) * 86_400)), count: days)
        var sentByDay: [String: Int] = [:], receivedByDay: [String: Int] = [:]
        var sent = 0, bounced = 0, received = 0
        for record in records {
            let day = calendar.day(of: record.at)
            switch record.outcome {
            case .sent, .unknown:
                sent += 1
                sentByDay[day, default: 0] += 1
            case .bounced:
                sent += 1
                bounced += 1
                sentByDay[day, default: 0] += 1
            case .received:
                received += 1
                receivedByDay[day, default: 0] += 1
            case .deferred:
                continue
            }
        }
        let score = sent == 0 ? nil : Int((100 * Double(sent - bounced) / Double(sent)).rounded())
        return Figures(
            sent: sent, bounced: bounced, received: received, daily: window.map { Figures.Day(date: $0, sent: sentByDay[$0] ?? 0, received: receivedByDay[$0] ?? 0) }, healthScore: score)
    }

    /// The status pair a sender moves to, given its figures since warmup started; nil to stay.
    public static func transition(for account: SenderAccount, figures: Figures, now: Timestamp) -> (SenderStatus, WarmupStatus)? {
        guard account.type == .email, account.status == .warming || account.status == .active else { return nil }
        let bounceRate = figures.sent == 0 ? 0 : Double(figures.bounced) / Double(figures.sent)
        if figures.sent >= suspensionMinimumSent, bounceRate >= suspensionBounceRate { return (.error, .suspended) }
        if account.status == .warming, let started = account.warmupStartedAt, started.adding(graduationPeriod) <= now,
            bounceRate < graduationMaxBounceRate
        {
            return (.active, .active)
        }
        return nil
    }
}

/// How a sender's first login check sets its status.
public enum SenderActivation {
    /// What a login check found.
    public enum LoginCheck: Sendable, Equatable {
        case verified
        /// The server answered and refused the login (its reply, quoted).
        case refused(String)
        /// The server could not be reached or did not finish (the reason).
        case unreachable(String)
    }

    /// A mailbox connected with servers of its own is already in use: a verified login makes it
    /// `active`. A new mailbox on a sending domain starts `warming`. An unreachable server leaves
    /// it `pending`/`not_started` until retry-warmup logs in. A refused login creates nothing: nil.
    public static func status(after check: LoginCheck, onDomain: Bool) -> (SenderStatus, WarmupStatus)? {
        switch check {
        case .verified: onDomain ? (.warming, .warming) : (.active, .active)
        case .unreachable: (.pending, .notStarted)
        case .refused: nil
        }
    }
}

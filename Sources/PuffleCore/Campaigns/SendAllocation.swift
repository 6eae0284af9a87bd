/// Which due prospects a dispatch tick sends to now, and through which sender: the caps rule.
///
/// A send must fit three caps at once: the sender's daily limit (counted across every campaign
/// sharing it), the campaign's per-sender `account_limits`, and the campaign's own `daily_limit`.
/// A prospect already written to keeps its sender (a follow-up continues the thread); new ones go,
/// in groups of up to ``groupSize``, to the sender with the most room left, spreading the load over
/// the day while each SMTP connection carries a few messages rather than one. A prospect whose
/// sender is full waits for tomorrow rather than switching sender.
public enum SendAllocation {
    /// New prospects a sender takes in a row before the next choice: a connection's handshake, EHLO
    /// and AUTH then serve several messages (measured with `puffle bench campaign`).
    public static let groupSize = 8

    /// One of the campaign's senders, with today's counts.
    public struct Sender: Sendable, Equatable {
        public var id: String
        public var dailyLimit: Int
        /// Sent today through this sender by every campaign.
        public var sentToday: Int
        /// This campaign's cap for this sender (`account_limits`), if any.
        public var campaignLimit: Int?
        /// Sent today through this sender by this campaign.
        public var sentTodayInCampaign: Int

        public init(id: String, dailyLimit: Int, sentToday: Int, campaignLimit: Int? = nil, sentTodayInCampaign: Int = 0) {
            self.id = id
            self.dailyLimit = dailyLimit
            self.sentToday = sentToday
            self.campaignLimit = campaignLimit
            self.sentTodayInCampaign = sentTodayInCampaign
        }

        /// Sends left today under both of its caps.
        public var room: Int {
            let own = dailyLimit - sentToday
            let campaign = campaignLimit.map { $0 - sentTodayInCampaign } ?? own
            return max(0, min(own, campaign))
        }
    }

    /// A prospect due now, and the sender it was written from before, if any.
    public struct Due: Sendable, Equatable {
        public var prospectId: String
        public var senderId: String?

        public init(prospectId: String, senderId: String? = nil) {
            self.prospectId = prospectId
            self.senderId = senderId
        }
    }

    /// The sends to make now, in the order the prospects came (oldest due first).
    /// - Parameter campaignRoom: What the campaign's `daily_limit` leaves for today.
    public static func allocate(_ due: [Due], senders: [Sender], campaignRoom: Int) -> [(prospectId: String, senderId: String)] {
        var room = Dictionary(uniqueKeysWithValues: senders.map { ($0.id, $0.room) })
        var left = max(0, campaignRoom)
        var sends: [(prospectId: String, senderId: String)] = []
        var group: (senderId: String, count: Int)?
        for prospect in due where left > 0 {
            let chosen: String?
            if let kept = prospect.senderId {
                chosen = (room[kept] ?? 0) > 0 ? kept : nil
            } else if let current = group, current.count < groupSize, (room[current.senderId] ?? 0) > 0 {
                chosen = current.senderId
            } else {
                // The most room left; ties go to the sender listed first, so the choice is stable.
                let most = senders.map { room[$0.id] ?? 0 }.max() ?? 0
                chosen = most > 0 ? senders.first { room[$0.id] == most }?.id : nil
            }
            if prospect.senderId == nil, let chosen {
                group = group?.senderId == chosen ? (chosen, group!.count + 1) : (chosen, 1)
            }
            guard let sender = chosen else { continue }
            room[sender, default: 0] -= 1
            left -= 1
            sends.append((prospect.prospectId, sender))
        }
        return sends
    }
}

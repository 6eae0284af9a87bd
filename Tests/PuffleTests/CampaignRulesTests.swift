import PuffleCore
import Testing

/// Campaign rules of Core over plain values: templates, operating hours, delays.
@Suite struct CampaignRulesTests {
    @Test func templatesFillKnownVariablesInBothFormsWithFallbacks() {
        let values = ["first_name": "Ada", "company": "Acme", "custom_fields.plan": "Pro", "sender_first": "Sarah"]
        let body = "Hi %first_name%, {{ company }} on %custom_fields.plan%? %last_name|friend% — 100% sure. {single} %unknown% %sender_first%"
        let rendered = MessageTemplate.render(body, values: values)
        #expect(rendered.text == "Hi Ada, Acme on Pro? friend — 100% sure. {single} %unknown% Sarah")
        #expect(rendered.missing.isEmpty)
        let bare = MessageTemplate.render("Hello %first_name%, about %company%.", values: [:])
        #expect(bare.text == "Hello , about ." && bare.missing == ["first_name", "company"])
        #expect(MessageTemplate.variables(in: "%first_name|there% {{email}} %first_name|there%").map(\.name) == ["first_name", "email"])
        #expect(MessageTemplate.render("50% off, 20% more", values: [:]).text == "50% off, 20% more")
        #expect(MessageTemplate.render("%first_name\n%", values: ["first_name": "Ada"]).text == "%first_name\n%", "a variable never spans lines")
    }

    // 2026-04-21 is a Tuesday; 09:00Z is 11:00 in Berlin (CEST).
    let tuesday0900Z = Timestamp(milliseconds: 1_776_762_000_000)

    @Test func operatingHoursOpenInTheirTimezoneAndNameTheNextOpening() throws {
        let hours = try OperatingHours(
            json: ["timezone": "Europe/Berlin", "days": ["tuesday": ["enabled": true, "start": "09:00", "end": "11:30"], "friday": ["start": "13:00", "end": "17:00"], "monday": ["enabled": false]]],
            defaultTimeZone: "America/New_York")
        #expect(hours.isOpen(at: tuesday0900Z), "11:00 in Berlin")
        let after = tuesday0900Z.adding(.seconds(45 * 60))  // 11:45 Berlin: closed
        #expect(!hours.isOpen(at: after))
        // Next: Friday 13:00 Berlin = 11:00Z, three days later.
        #expect(hours.nextOpening(after: after) == Timestamp(milliseconds: tuesday0900Z.milliseconds + 3 * 86_400_000 + 2 * 3_600_000))
        #expect(hours.nextOpening(after: tuesday0900Z) == tuesday0900Z, "open now")
        #expect(try OperatingHours(json: [:], defaultTimeZone: "UTC").isOpen(at: tuesday0900Z), "the contract's sample {} is any hour")
        let none = try OperatingHours(json: ["days": [:]], defaultTimeZone: "UTC")
        #expect(none.nextOpening(after: tuesday0900Z) == nil)
        for bad: JSONValue in [
            ["days": ["tuesday": ["start": "17:00", "end": "09:00"]]], ["days": ["funday": ["start": "09:00", "end": "10:00"]]],
            ["timezone": "GMT+5"], ["days": ["monday": ["start": "9am", "end": "10:00"]]], "monday",
        ] {
            #expect(throws: PuffleError.self, "\(bad)") { try OperatingHours(json: bad, defaultTimeZone: "UTC") }
        }
    }

    @Test func delaysRunFromAMinuteToThirtyDays() {
        #expect(SequenceDelay.duration(days: 0, hours: 0, minutes: 1) == .seconds(60))
        #expect(SequenceDelay.duration(days: 30, hours: 0, minutes: 0) == .seconds(30 * 86_400))
        #expect(SequenceDelay.duration(days: 0, hours: 0, minutes: 0) == nil)
        #expect(SequenceDelay.duration(days: 30, hours: 0, minutes: 1) == nil)
        #expect(SequenceDelay.duration(days: -1, hours: 48, minutes: 0) == nil)
    }
}

/// The caps rule of a dispatch tick.
@Suite struct SendAllocationTests {
    @Test func sendsFitEveryCapAndSpreadAcrossSenders() {
        let senders = [
            SendAllocation.Sender(id: "a", dailyLimit: 30, sentToday: 28),  // 2 left, shared with another campaign
            SendAllocation.Sender(id: "b", dailyLimit: 30, sentToday: 0, campaignLimit: 3, sentTodayInCampaign: 1),  // 2 left in this campaign
            SendAllocation.Sender(id: "c", dailyLimit: 10, sentToday: 5),  // 5 left
        ]
        let due = (1...20).map { SendAllocation.Due(prospectId: "p\($0)") }
        let sends = SendAllocation.allocate(due, senders: senders, campaignRoom: 100)
        #expect(sends.count == 9, "2 + 2 + 5")
        #expect(Dictionary(grouping: sends, by: \.senderId).mapValues(\.count) == ["a": 2, "b": 2, "c": 5])
        #expect(sends.prefix(5).map(\.senderId) == ["c", "c", "c", "c", "c"], "the most room first, in a group")
        let many = (0..<4).map { SendAllocation.Sender(id: "s\($0)", dailyLimit: 150, sentToday: 0) }
        let spread = SendAllocation.allocate((1...32).map { SendAllocation.Due(prospectId: "p\($0)") }, senders: many, campaignRoom: 100)
        #expect(Dictionary(grouping: spread, by: \.senderId).mapValues(\.count) == ["s0": 8, "s1": 8, "s2": 8, "s3": 8], "groups of 8, spread over every sender")
        #expect(SendAllocation.allocate(due, senders: senders, campaignRoom: 4).count == 4, "the campaign's daily_limit")
    }

    @Test func aFollowUpKeepsItsSenderAndWaitsWhenItIsFull() {
        let senders = [SendAllocation.Sender(id: "a", dailyLimit: 5, sentToday: 5), SendAllocation.Sender(id: "b", dailyLimit: 5, sentToday: 0)]
        let sends = SendAllocation.allocate(
            [.init(prospectId: "p1", senderId: "a"), .init(prospectId: "p2", senderId: "b"), .init(prospectId: "p3")], senders: senders, campaignRoom: 10)
        #expect(sends.map(\.prospectId) == ["p2", "p3"])
        #expect(sends.map(\.senderId) == ["b", "b"])
    }
}

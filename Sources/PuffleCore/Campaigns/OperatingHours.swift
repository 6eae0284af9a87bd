import Foundation

/// When a campaign may send: per weekday, a window in a timezone.
///
/// Shape (our extension for email campaigns, the contract's suggestion):
/// `{"timezone": "Europe/Berlin", "days": {"monday": {"enabled": true, "start": "09:00", "end": "17:00"}, ...}}`.
/// A day left out or not enabled has no window; without `timezone` the workspace's applies; a
/// campaign without operating hours sends at any hour. Extra keys are kept and echoed by the API.
public struct OperatingHours: Sendable, Equatable {
    /// One day's window, in minutes from local midnight: `start` inclusive, `end` exclusive.
    public struct Window: Sendable, Equatable {
        public var start: Int
        public var end: Int
    }

    public static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    public var timeZone: String
    /// By weekday name; a missing day has no window.
    public var windows: [String: Window]

    public init(timeZone: String, windows: [String: Window]) {
        self.timeZone = timeZone
        self.windows = windows
    }

    /// Reads the JSON shape above. - Throws: `PuffleError.invalidRequest` naming the bad part.
    /// - Parameter defaultTimeZone: The workspace's, when the object names none.
    public init(json: JSONValue, defaultTimeZone: String) throws {
        guard let object = json.objectValue else { throw PuffleError.invalidRequest("operating_hours: must be an object") }
        let zone = object["timezone"]?.stringValue ?? defaultTimeZone
        guard TimeZoneName.isIANA(zone) else { throw PuffleError.invalidRequest("operating_hours.timezone: must be an IANA name such as Europe/Berlin, got \(zone)") }
        // No `days` at all (the contract's sample is `{}`) is every day, all day; `days` with no
        // enabled day never opens (validate says so).
        guard let days = object["days"] else {
            self.init(timeZone: zone, windows: Dictionary(uniqueKeysWithValues: Self.weekdays.map { ($0, Window(start: 0, end: 24 * 60)) }))
            return
        }
        guard let days = days.objectValue else { throw PuffleError.invalidRequest("operating_hours.days: must be an object of weekdays") }
        var windows: [String: Window] = [:]
        for (day, value) in days {
            guard Self.weekdays.contains(day) else { throw PuffleError.invalidRequest("operating_hours.days: \(day) is not a weekday (monday to sunday)") }
            guard let window = value.objectValue else { throw PuffleError.invalidRequest("operating_hours.days.\(day): must be an object") }
            guard window["enabled"]?.boolValue ?? true else { continue }
            guard let start = Self.minutes(window["start"]?.stringValue), let end = Self.minutes(window["end"]?.stringValue), start < end else {
                throw PuffleError.invalidRequest("operating_hours.days.\(day): start and end must be HH:MM with start before end")
            }
            windows[day] = Window(start: start, end: end)
        }
        self.init(timeZone: zone, windows: windows)
    }

    /// `HH:MM` as minutes from midnight; `24:00` is the end of the day.
    static func minutes(_ text: String?) -> Int? {
        guard let text, text.count == 5, text[text.index(text.startIndex, offsetBy: 2)] == ":",
            let hours = Int(text.prefix(2)), let minutes = Int(text.suffix(2)), (0...24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        let total = hours * 60 + minutes
        return total <= 24 * 60 ? total : nil
    }

    /// Whether `time` falls inside a window.
    public func isOpen(at time: Timestamp) -> Bool {
        let (day, minute) = local(time)
        guard let window = windows[day] else { return false }
        return minute >= window.start && minute < window.end
    }

    /// The first moment at or after `time` inside a window; nil when no day has one.
    public func nextOpening(after time: Timestamp) -> Timestamp? {
        if isOpen(at: time) { return time }
        let calendar = calendar()
        let date = Date(timeIntervalSince1970: Double(time.milliseconds) / 1000)
        let midnight = calendar.startOfDay(for: date)
        for offset in 0...7 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: midnight) else { continue }
            let name = Self.weekdays[calendar.component(.weekday, from: day) - 1]
            guard let window = windows[name], let opening = calendar.date(byAdding: .minute, value: window.start, to: day) else { continue }
            let candidate = Timestamp(milliseconds: Int64((opening.timeIntervalSince1970 * 1000).rounded()))
            if candidate > time { return candidate }
            // Today's window opened already: it is open now only if not yet closed, which isOpen said it is not.
        }
        return nil
    }

    func local(_ time: Timestamp) -> (day: String, minute: Int) {
        let calendar = calendar()
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000))
        return (Self.weekdays[(parts.weekday ?? 1) - 1], (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    func calendar() -> Calendar {
        LocalCalendar(timeZone: timeZone).calendar
    }
}

/// The rule for delay steps: at least a minute, at most 30 days.
public enum SequenceDelay {
    public static let minimum: Duration = .seconds(60)
    public static let maximum: Duration = .seconds(30 * 86_400)

    /// The delay of `days`, `hours` and `minutes`, or nil when outside 1 minute to 30 days (or negative).
    public static func duration(days: Int, hours: Int, minutes: Int) -> Duration? {
        guard days >= 0, hours >= 0, minutes >= 0, days <= 31, hours <= 24 * 31, minutes <= 60 * 24 * 31 else { return nil }
        let total = Duration.seconds(Int64(days) * 86_400 + Int64(hours) * 3_600 + Int64(minutes) * 60)
        return total >= minimum && total <= maximum ? total : nil
    }
}

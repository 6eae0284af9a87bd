import Foundation

extension CampaignSettings {
    /// Applies the settings keys of a create or PATCH body; `keys` are those that take effect
    /// (see ``CampaignEditRules``), the others are ignored.
    /// - Throws: `PuffleError.invalidRequest` naming a bad value, before anything is written.
    public mutating func apply(_ body: JSONObject, keys: Set<String>, defaultTimeZone: String) throws {
        func present(_ key: String) -> JSONValue? {
            guard keys.contains(key), let value = body[key] else { return nil }
            return value
        }
        if let value = present("name") {
            guard let text = value.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, text.count <= TextLimits.name else {
                throw PuffleError.invalidRequest("name: must be a non-empty string of at most \(TextLimits.name) characters")
            }
            name = text
        }
        if let value = present("operating_hours") {
            if value == .null {
                operatingHours = nil
            } else {
                _ = try OperatingHours(json: value, defaultTimeZone: defaultTimeZone)
                operatingHours = value
            }
        }
        if let value = present("daily_limit"), value != .null {
            guard let limit = value.intValue, (1...10_000).contains(limit) else { throw PuffleError.invalidRequest("daily_limit: must be a whole number from 1 to 10000") }
            dailyLimit = limit
        }
        if let value = present("account_limits") {
            accountLimits = try (value.arrayValue ?? []).enumerated().map { index, item in
                guard let id = item.objectValue?["account_id"]?.stringValue, let limit = item.objectValue?["daily_limit"]?.intValue,
                    (1...SenderLimits.maxDaily).contains(limit)
                else {
                    throw PuffleError.invalidRequest("account_limits[\(index)]: needs account_id and a daily_limit from 1 to \(SenderLimits.maxDaily)")
                }
                return AccountLimit(accountId: id, dailyLimit: limit)
            }
        }
        if let value = present("stop_on_reply"), let flag = value.boolValue { stopOnReply = flag }
        if let value = present("open_tracking"), let flag = value.boolValue { openTracking = flag }
        if let value = present("skip_other_campaigns"), let flag = value.boolValue { skipOtherCampaigns = flag }
        if let value = present("signature") {
            guard value == .null || value.stringValue != nil else { throw PuffleError.invalidRequest("signature: must be a string") }
            signature = value.stringValue
        }
    }
}

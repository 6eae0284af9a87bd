import Foundation

/// The rules of sending-domain verification: which records a domain publishes, how a DNS answer
/// is judged, and the re-check schedule. Plain code over the TXT records a lookup found.
public enum DomainVerification {
    /// Delays between re-checks once polling starts: 10, 20, 40, 80, 160 and 320 minutes (10.5 hours
    /// in all, inside the contract's 12); after the last miss the domain is `failed`.
    public static let recheckDelays: [Duration] = [10, 20, 40, 80, 160, 320].map { .seconds($0 * 60) }

    /// The records to publish for `domain`.
    /// - Parameters:
    ///   - dkimRecord: The TXT value of its DKIM key (`v=DKIM1; k=rsa; p=...`).
    ///   - relayHost: The SMTP relay its mail leaves through, named in SPF when it is a host name.
    public static func records(domain: String, selector: String, dkimRecord: String, relayHost: String?) -> [DomainRecord] {
        let sender = relayHost.map { HostName.isIPv4($0) ? "ip4:\($0)" : "a:\($0)" } ?? "mx"
        return [
            DomainRecord(purpose: .spf, name: domain, value: "v=spf1 \(sender) ~all", required: true),
            DomainRecord(purpose: .dkim, name: "\(selector)._domainkey.\(domain)", value: dkimRecord, required: true),
            DomainRecord(purpose: .dmarc, name: "_dmarc.\(domain)", value: "v=DMARC1; p=none; rua=mailto:dmarc@\(domain)", required: false),
        ]
    }

    /// Each record judged against the TXT values found at its name.
    ///
    /// SPF counts as published when the name has one `v=spf1` record (its mechanisms are the
    /// owner's to choose); DKIM when a record there carries this key's `p=`; DMARC when a
    /// `v=DMARC1` record is there.
    public static func judged(_ records: [DomainRecord], found: [String: [String]]) -> [DomainRecord] {
        records.map { record in
            var judged = record
            let values = found[record.name.lowercased()] ?? []
            switch record.purpose {
            case .spf:
                judged.check = values.contains { $0.lowercased().hasPrefix("v=spf1") } ? .verified : .missing
            case .dmarc:
                judged.check = values.contains { $0.replacingSpaces().lowercased().hasPrefix("v=dmarc1") } ? .verified : .missing
            case .dkim:
                let key = publicKey(in: record.value)
                let keys = values.compactMap(publicKey(in:))
                judged.check = keys.contains(key ?? "") ? .verified : (keys.isEmpty ? .missing : .mismatch)
            }
            return judged
        }
    }

    /// True when every required record is published.
    public static func isVerified(_ records: [DomainRecord]) -> Bool {
        records.allSatisfy { !$0.required || $0.check == .verified }
    }

    /// A domain after a check: `verified` when every required record is there; otherwise, when
    /// polling, `verifying` with the next re-check due, or `failed` once the schedule ran out; when
    /// not polling, `pending` (a verified domain checked again stays verified only while it passes).
    /// - Parameters:
    ///   - poll: Start (or continue) re-checking on the schedule.
    ///   - isRecheck: This check is one of the schedule's, not a user's request.
    public static func after(
        check records: [DomainRecord], domain: EmailDomain, poll: Bool, isRecheck: Bool, now: Timestamp
    ) -> EmailDomain {
        var next = domain
        next.records = records
        next.updatedAt = now
        if isVerified(records) {
            next.status = .verified
            next.verifiedAt = domain.verifiedAt ?? now
            next.nextCheckAt = nil
            return next
        }
        next.verifiedAt = nil
        if isRecheck {
            next.checkCount = domain.checkCount + 1
        } else if poll {
            next.checkCount = 0
        }
        if isRecheck || poll {
            if next.checkCount < recheckDelays.count {
                next.status = .verifying
                next.nextCheckAt = now.adding(recheckDelays[next.checkCount])
            } else {
                next.status = .failed
                next.nextCheckAt = nil
            }
        } else {
            next.status = .pending
            next.nextCheckAt = nil
        }
        return next
    }

    /// The `p=` value of a DKIM record, without spaces; nil when it has none.
    static func publicKey(in record: String) -> String? {
        for tag in record.split(separator: ";") {
            let parts = tag.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "p" { return parts[1].replacingSpaces() }
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate func replacingSpaces() -> String {
        String(filter { !$0.isWhitespace })
    }
}

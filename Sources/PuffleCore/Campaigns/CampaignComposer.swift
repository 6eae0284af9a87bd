import Foundation

/// A campaign email for one prospect, ready to hand to the mailer: personalized, threaded, with
/// its deterministic Message-ID.
public struct ComposedEmail: Sendable, Equatable {
    public var subject: String
    public var text: String
    public var html: String?
    /// Without brackets. The same prospect and node always get the same one, so a message is
    /// recognizable in any mailbox and a duplicate would show.
    public var messageId: String
    public var inReplyTo: String?
    public var references: [String]

    public init(subject: String, text: String, html: String?, messageId: String, inReplyTo: String? = nil, references: [String] = []) {
        self.subject = subject
        self.text = text
        self.html = html
        self.messageId = messageId
        self.inReplyTo = inReplyTo
        self.references = references
    }
}

/// Writes a campaign step for a prospect.
///
/// What is sent is the generated message when one exists (a draft, perhaps edited), else the node
/// rendered now. The signature is the node's, else the campaign's, else the sender's. A node marked
/// `is_reply` continues the thread of the earlier steps (In-Reply-To and References, and "Re:" the
/// first subject when its own is empty).
public enum CampaignComposer {
    /// An earlier message of the same prospect, oldest first.
    public struct Earlier: Sendable, Equatable {
        public var messageId: String
        public var subject: String

        public init(messageId: String, subject: String) {
            self.messageId = messageId
            self.subject = subject
        }
    }

    /// The message id of a prospect's step: stable, so a retry or a crash can never make a second one.
    public static func messageId(prospectId: String, nodeId: String, senderAddress: String) -> String {
        let domain = senderAddress.split(separator: "@").last.map(String.init) ?? "puffle.invalid"
        return "\(prospectId).\(nodeId)@\(domain)"
    }

    /// The subject and body of a node for a prospect, as `resolve` stores them (no signature).
    public static func render(_ node: SequenceNode, values: [String: String]) -> (subject: String?, text: String, html: String?) {
        (
            node.subject.map { MessageTemplate.render($0, values: values).text },
            MessageTemplate.render(node.body ?? "", values: values).text,
            node.bodyHTML.map { MessageTemplate.render($0, values: values).text }
        )
    }

    /// - Parameters:
    ///   - generated: The prospect's generated message for this node, if any.
    ///   - openPixelURL: Added as an image to the HTML part when open tracking is on.
    public static func compose(
        node: SequenceNode, prospect: CampaignProspect, settings: CampaignSettings, sender: SenderAccount, generated: CampaignMessage?,
        earlier: [Earlier], openPixelURL: String?
    ) -> ComposedEmail {
        let values = prospect.fields.templateValues(senderFirstName: sender.firstName ?? sender.displayName.split(separator: " ").first.map(String.init))
        let messageId = messageId(prospectId: prospect.id, nodeId: node.id, senderAddress: sender.emailAddress ?? "")
        if let generated, let reserved = generated.messageId {
            // Reserved before and refused for now: the same message again, not composed a second time
            // (its signature and pixel are in it already).
            var again = ComposedEmail(subject: generated.subject ?? "", text: generated.bodyText, html: generated.bodyHTML, messageId: reserved)
            thread(&again, node: node, earlier: earlier)
            return again
        }
        // A generated draft is as the user saw it, save %sender_first%, which resolve leaves for the
        // sender the prospect gets.
        let rendered = render(node, values: values)
        let subject = generated.map { MessageTemplate.render($0.subject ?? "", values: values).text } ?? rendered.subject ?? ""
        var text = generated.map { MessageTemplate.render($0.bodyText, values: values).text } ?? rendered.text
        var html = generated.map { $0.bodyHTML.map { MessageTemplate.render($0, values: values).text } } ?? rendered.html
        let signature = [node.signature, settings.signature, sender.signature].lazy.compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        if let signature {
            let signed = MessageTemplate.render(signature, values: values).text
            text += "\n\n" + signed
            html = html.map { $0 + "<br><br>" + htmlEscaped(signed) }
        }
        if let openPixelURL {
            html = (html ?? htmlFromText(text)) + "<img src=\"\(htmlEscaped(openPixelURL))\" width=\"1\" height=\"1\" alt=\"\">"
        }
        var email = ComposedEmail(subject: subject, text: text, html: html, messageId: messageId)
        thread(&email, node: node, earlier: earlier)
        return email
    }

    /// A reply step answers the last earlier message, and takes "Re:" the first subject when its own is empty.
    static func thread(_ email: inout ComposedEmail, node: SequenceNode, earlier: [Earlier]) {
        guard node.isReply, let first = earlier.first, let last = earlier.last else { return }
        email.inReplyTo = last.messageId
        email.references = earlier.map(\.messageId)
        if email.subject.trimmingCharacters(in: .whitespaces).isEmpty {
            email.subject = first.subject.lowercased().hasPrefix("re:") ? first.subject : "Re: " + first.subject
        }
    }

    /// Plain text as simple HTML: escaped, line breaks kept.
    public static func htmlFromText(_ text: String) -> String {
        "<div>" + htmlEscaped(text).replacingOccurrences(of: "\n", with: "<br>") + "</div>"
    }

    static func htmlEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

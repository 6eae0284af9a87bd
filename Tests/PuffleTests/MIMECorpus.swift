import Foundation

/// Real-shaped inbound messages for the MIME parser: the encodings, charsets and structures mail
/// from many clients comes in. Each is bytes, as it would arrive from IMAP.
enum MIMECorpus {
    static func crlf(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    static let quotedPrintableUTF8 = crlf(
        """
        From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <Juergen@Solaris.example>
        To: sarah@acme.example
        Subject: =?utf-8?Q?Re:_Caf=C3=A9_meeting?= =?utf-8?Q?_next_week?=
        Message-ID: <reply-1@solaris.example>
        In-Reply-To: <0193-step-1@acme.example>
        References: <0193-step-0@acme.example>
         <0193-step-1@acme.example>
        Date: Thu, 3 Dec 2026 09:15:00 +0100
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        Sch=C3=B6n, that works. A long line that the sender's client folded with a s=
        oft break, and an equals sign written =3D as it should be.
        Gr=C3=BC=C3=9Fe
        """)

    static let base64Latin2 = crlf(
        """
        From: "Kowalski, Jan" <jan@firma.example>
        To: Sarah <sarah@acme.example>
        Subject: =?ISO-8859-2?Q?Odpowied=BC?=
        Message-ID: <pl-2@firma.example>
        MIME-Version: 1.0
        Content-Type: text/plain; charset="ISO-8859-2"
        Content-Transfer-Encoding: base64

        WmG/87PmIGfqtmyxIGphvPEuIERvYnJ6ZSwgcm96bWF3aWFqbXku

        """)

    static let quotedPrintableCP1252 = crlf(
        """
        From: Anne <anne@agency.example>
        To: sarah@acme.example
        Subject: =?windows-1252?Q?=93Pricing=94_=96_=80200?=
        Message-ID: <cp-3@agency.example>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=windows-1252
        Content-Transfer-Encoding: quoted-printable

        We=92d pay =80200 =96 if it=92s =93done=94 by Friday=85

        """)

    /// mixed > alternative (text, html) + a PDF whose name is RFC 2231 in two sections.
    static let nestedWithAttachments = crlf(
        """
        From: Lee <lee@orbit.example>
        To: sarah@acme.example
        Subject: Proposal attached
        Message-ID: <mix-4@orbit.example>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer==42"

        This is a multi-part message in MIME format.
        --outer==42
        Content-Type: multipart/alternative; boundary=inner

        --inner
        Content-Type: text/plain; charset=us-ascii

        See the proposal.
        --inner
        Content-Type: text/html; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        <p>See the <b>proposal</b>=E2=80=A6</p>
        --inner--

        --outer==42
        Content-Type: application/pdf; name="proposal.pdf"
        Content-Disposition: attachment;
         filename*0*=utf-8''%C3%89t%C3%A9%20;
         filename*1*=proposal%E2%80%94v2.pdf
        Content-Transfer-Encoding: base64

        JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZURl
        Y29kZT4+CnN0cmVhbQp4nDPQM1Qo5ypUMFAwALJMLU31jBQsTAz1LBSKUrkKFYpSuQoVDIEqAYDc
        --outer==42
        Content-Type: text/csv; charset=utf-8
        Content-Disposition: attachment; filename="leads.csv"

        name,email
        Jane,jane@solaris.example
        --outer==42--
        """)

    /// LF only, with an 8-bit Latin-1 body and raw UTF-8 in a header (RFC 6532).
    static let lfOnlyEightBit: [UInt8] =
        Array(
            """
            From: Zoë <zoe@lf.example>
            To: sarah@acme.example
            Subject: Crème brûlée
            Message-ID: <lf-5@lf.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: 8bit


            """.utf8) + [0x44, 0xE9, 0x6A, 0xE0, 0x20, 0x76, 0x75, 0x2E, 0x0A]

    /// A delivery status notification (RFC 3464) returning our step.
    static let deliveryStatus = crlf(
        """
        From: Mail Delivery System <MAILER-DAEMON@mx.solaris.example>
        To: sarah@acme.example
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <dsn-6@mx.solaris.example>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

        --dsn
        Content-Type: text/plain; charset=us-ascii

        I'm sorry to have to inform you that your message could not be delivered.
        --dsn
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.solaris.example
        Arrival-Date: Thu, 3 Dec 2026 09:00:00 +0000

        Final-Recipient: rfc822; Gone@Solaris.example
        Original-Recipient: rfc822;gone@solaris.example
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 <gone@solaris.example>: Recipient address rejected

        --dsn
        Content-Type: text/rfc822-headers

        From: Sarah <sarah@acme.example>
        To: gone@solaris.example
        Subject: Quick question
        Message-ID: <0193-step-9@acme.example>

        --dsn--
        """)

    /// Broken: the closing boundary never comes, and a part claims a length it does not have.
    static let brokenBoundaries = crlf(
        """
        From: broken@odd.example
        To: sarah@acme.example
        Subject: broken
        Message-ID: <broken-7@odd.example>
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain
        Content-Length: 99999

        Still readable.
        --b1
        Content-Type: application/octet-stream
        Content-Disposition: attachment; filename=cut.bin
        Content-Transfer-Encoding: base64

        AAECAwQFBgcICQ
        """)

    static let all: [(name: String, bytes: [UInt8])] = [
        ("qp-utf8", quotedPrintableUTF8), ("base64-latin2", base64Latin2), ("qp-cp1252", quotedPrintableCP1252),
        ("nested-attachments", nestedWithAttachments), ("lf-8bit", lfOnlyEightBit), ("dsn", deliveryStatus), ("broken", brokenBoundaries),
    ]
}

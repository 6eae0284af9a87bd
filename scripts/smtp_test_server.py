#!/usr/bin/env python3
"""A local SMTP server for the sending tests (aiosmtpd): one plain listener, one that requires
STARTTLS and one with implicit TLS, all with AUTH for one user, writing accepted messages to a Maildir.
A RCPT to bounce*@ answers 550; to grey*@ 451 the first time. Prints {"plain","starttls","tls"} ports
as JSON once listening, and stops when stdin closes.

    python3 scripts/smtp_test_server.py --maildir DIR --cert cert.pem --key key.pem --user sarah --password s3cret
"""
import argparse, json, mailbox, socket, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Handler:
    def __init__(self, maildir):
        self.maildir, self.greylisted = mailbox.Maildir(maildir, create=True), set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("bounce"):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if local.startswith("grey") and address not in self.greylisted:
            self.greylisted.add(address)
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        # The envelope's recipients go in front, so tests can see who RCPT TO named (Cc included).
        content = envelope.original_content or envelope.content
        key = self.maildir.add(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n" + content)
        return "250 2.0.0 Ok: queued as %s" % key.replace(".", "")[:24]


class Authenticator:
    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False)


def free_port():
    probe = socket.socket(); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
    return port


def main():
    parser = argparse.ArgumentParser()
    for name in ["--maildir", "--cert", "--key", "--user", "--password"]:
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    handler, auth = Handler(args.maildir), Authenticator(args.user, args.password)
    ports = {"plain": free_port(), "starttls": free_port(), "tls": free_port()}
    controllers = [
        Controller(handler, hostname="127.0.0.1", port=ports["plain"], authenticator=auth, auth_require_tls=False),
        Controller(handler, hostname="127.0.0.1", port=ports["starttls"], authenticator=auth, tls_context=context, require_starttls=True),
        Controller(handler, hostname="127.0.0.1", port=ports["tls"], authenticator=auth, ssl_context=context, auth_require_tls=False),
    ]
    for controller in controllers:
        controller.start()
    print(json.dumps(ports), flush=True)
    sys.stdin.read()
    for controller in controllers:
        controller.stop()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A local SMTP server for the mailbox-probe tests: accepts RCPT TO for the addresses given with
--accept (or for any address of a --catch-all domain) and answers 550 for the rest. Prints its port
on stdout once listening, and stops when stdin closes.

    python3 scripts/smtp_probe_server.py --accept ada.lovelace@acme.example --catch-all catchall.example
"""
import argparse, socket, sys
from aiosmtpd.controller import Controller


class Recipients:
    def __init__(self, accept, catch_all):
        self.accept, self.catch_all = {a.lower() for a in accept}, {d.lower() for d in catch_all}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        address = address.lower()
        if address in self.accept or address.split("@")[-1] in self.catch_all:
            envelope.rcpt_tos.append(address)
            return "250 OK"
        return "550 5.1.1 No such user"

    async def handle_DATA(self, server, session, envelope):
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accept", action="append", default=[])
    parser.add_argument("--catch-all", action="append", default=[])
    args = parser.parse_args()
    probe = socket.socket(); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
    controller = Controller(Recipients(args.accept, args.catch_all), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()

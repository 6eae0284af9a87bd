#!/usr/bin/env python3
"""A DNS stub for tests: answers TXT (and MX) queries from a JSON file, over UDP on 127.0.0.1.

The file maps names to lists of TXT strings, {"acme.test": ["v=spf1 mx ~all"], ...}, and is read
again for every query, so a test publishes a record by rewriting it. Names it doesn't hold answer
NXDOMAIN. Prints {"port": N} once listening; stops when standard input closes.
"""
import argparse
import json
import sys

from dnslib import QTYPE, RCODE, RR, TXT
from dnslib.server import BaseResolver, DNSServer


class FileResolver(BaseResolver):
    def __init__(self, path):
        self.path = path

    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        try:
            with open(self.path) as f:
                records = {k.lower(): v for k, v in json.load(f).items()}
        except (OSError, ValueError):
            records = {}
        if name not in records:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        if request.q.qtype == QTYPE.TXT:
            for value in records[name]:
                # Long values go out as several strings of up to 255 bytes, as real servers do.
                chunks = [value[i:i + 255] for i in range(0, len(value), 255)] or [""]
                reply.add_answer(RR(request.q.qname, QTYPE.TXT, ttl=60, rdata=TXT(chunks)))
        return reply


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", required=True)
    args = parser.parse_args()
    server = DNSServer(FileResolver(args.records), port=0, address="127.0.0.1")
    server.start_thread()
    print(json.dumps({"port": server.server.server_address[1]}), flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()

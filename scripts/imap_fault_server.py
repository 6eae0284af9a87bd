#!/usr/bin/env python3
"""An IMAP server that misbehaves on purpose, for the client's failure tests: it logs anyone in,
then either answers SELECT with NO (--mode no), or starts a FETCH literal and closes the connection
halfway through it (--mode cut). Prints its port once listening; stops when stdin closes.

    python3 scripts/imap_fault_server.py --mode cut
"""
import argparse, asyncio, sys


async def serve(reader, writer, mode):
    writer.write(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] fault server ready\r\n")
    await writer.drain()
    while True:
        line = await reader.readline()
        if not line:
            break
        tag, _, command = line.decode(errors="replace").strip().partition(" ")
        verb = command.split(" ")[0].upper()
        if verb in ("AUTHENTICATE", "LOGIN"):
            writer.write(b"%s OK [CAPABILITY IMAP4rev1] logged in\r\n" % tag.encode())
        elif verb == "SELECT" and mode == "no":
            writer.write(b"%s NO [UNAVAILABLE] mailbox is being migrated\r\n" % tag.encode())
        elif verb == "SELECT":
            writer.write(b"* 2 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 3] ok\r\n%s OK [READ-WRITE] done\r\n" % tag.encode())
        elif command.upper().startswith("SEARCH") or command.upper().startswith("UID SEARCH"):
            writer.write(b"* SEARCH 1 2\r\n%s OK done\r\n" % tag.encode())
        elif command.upper().startswith("UID FETCH"):
            writer.write(b"* 1 FETCH (UID 1 RFC822.SIZE 500 BODY[]<0> {500}\r\nFrom: half@cut.example\r\nSubject: cut\r\n")
            await writer.drain()
            writer.close()
            return
        elif verb == "LOGOUT":
            writer.write(b"* BYE bye\r\n%s OK done\r\n" % tag.encode())
            await writer.drain()
            break
        else:
            writer.write(b"%s BAD unknown command\r\n" % tag.encode())
        await writer.drain()
    writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["no", "cut"], required=True)
    args = parser.parse_args()
    server = await asyncio.start_server(lambda r, w: serve(r, w, args.mode), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(main())

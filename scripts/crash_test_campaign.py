#!/usr/bin/env python3
"""kill -9 of `puffle serve` while its campaign engine sends to 1,000 prospects (a local aiosmtpd
into a Maildir): after a restart the Maildir holds no Message-ID twice, and every prospect got its
step exactly once, or is reported `delivery_unknown` (its message may have gone when the server
died; it is never resent). The campaign completes and no job is left dead.
"""
import email.parser, json, os, signal, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(__file__))
from crash_test import call, free_port, start  # noqa: E402

BIN = sys.argv[1]
PROSPECTS = 1000
USER, PASSWORD = "sarah", "s3cret-pw"


def smtp_server(work):
    cert, key, maildir = (os.path.join(work, name) for name in ("cert.pem", "key.pem", "Maildir"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", key,
                    "-out", cert], check=True, capture_output=True)
    proc = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "smtp_test_server.py"), "--maildir", maildir,
                             "--cert", cert, "--key", key, "--user", USER, "--password", PASSWORD],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ports = json.loads(proc.stdout.readline())
    return proc, ports["plain"], maildir


def delivered(maildir):
    found = []
    for folder in ("new", "cur"):
        directory = os.path.join(maildir, folder)
        for name in os.listdir(directory) if os.path.isdir(directory) else []:
            with open(os.path.join(directory, name), "rb") as f:
                found.append(email.parser.BytesHeaderParser().parse(f))
    return found


def main():
    work = tempfile.mkdtemp(prefix="puffle-campaign-crash-")
    db, log, port = os.path.join(work, "c.db"), os.path.join(work, "serve.log"), free_port()
    smtp, smtp_port, maildir = smtp_server(work)
    env = {"PUFFLE_JOB_LEASE_SECONDS": "2", "PUFFLE_WORKERS": "2"}
    server = start(db, port, log, env)
    problems = []
    try:
        key = "pk_live_" + open(log).read().split("pk_live_")[1][:64]
        # 150 a day is a sender's most: seven senders on the same server carry the 1,000.
        senders = []
        for index in range(7):
            account = call(port, key, "POST", "/api/senders/email", {
                "email_address": f"sender{index}@acme.example", "daily_limit": 150,
                "smtp": {"host": "127.0.0.1", "port": smtp_port, "security": "none", "username": USER, "password": PASSWORD}})["account"]
            senders.append(account["id"])
        campaign = call(port, key, "POST", "/api/campaigns", {"type": "email", "name": "crash", "sender_account_ids": senders,
                                                              "daily_limit": 10000})["campaign"]
        cid, node = campaign["id"], campaign["sequence_nodes"][0]["id"]
        call(port, key, "PUT", f"/api/campaigns/{cid}/sequence/nodes/{node}", {"subject": "Hello %first_name%", "body": "Hi %first_name%"})
        call(port, key, "POST", f"/api/campaigns/{cid}/leads", {"prospects": [
            {"email": f"p{i}@example.com", "first_name": f"P{i}"} for i in range(PROSPECTS)]})
        call(port, key, "POST", f"/api/campaigns/{cid}/launch")
        deadline = time.time() + 30
        while len(delivered(maildir)) < 100 and time.time() < deadline:
            time.sleep(0.02)
        at_kill = len(delivered(maildir))
        server.send_signal(signal.SIGKILL); server.wait()
        server = start(db, port, log, env)
        deadline, status = time.time() + 120, None
        while time.time() < deadline:
            status = call(port, key, "GET", f"/api/campaigns/{cid}")["campaign"]["status"]
            if status == "completed": break
            time.sleep(0.2)
        if status != "completed": problems.append(f"campaign is {status} after restart")
        mail = delivered(maildir)
        ids = [m["Message-ID"] for m in mail]
        if len(ids) != len(set(ids)): problems.append(f"{len(ids) - len(set(ids))} Message-IDs delivered twice")
        per_recipient = {}
        for m in mail:
            per_recipient[m["X-Envelope-To"]] = per_recipient.get(m["X-Envelope-To"], 0) + 1
        prospects, page = [], 1
        while True:
            answer = call(port, key, "GET", f"/api/campaigns/{cid}/leads?page={page}&limit=200")
            prospects += answer["prospects"]
            if len(prospects) >= answer["total"]: break
            page += 1
        unknown = [p for p in prospects if p["delivery_unknown"]]
        for p in prospects:
            got = per_recipient.get(p["email"], 0)
            if p["status"] != "completed": problems.append(f"{p['email']} is {p['status']}")
            if got > 1 or (got == 0 and not p["delivery_unknown"]):
                problems.append(f"{p['email']} received {got} messages (delivery_unknown {p['delivery_unknown']})")
        stats = call(port, key, "GET", f"/api/campaigns/{cid}")["campaign"]["stats"]
        if stats["unknown"] != len(unknown): problems.append(f"stats.unknown {stats['unknown']} but {len(unknown)} prospects report it")
    finally:
        server.terminate(); server.wait()
        smtp.stdin.close(); smtp.wait()
    dead = subprocess.run([BIN, "jobs", "list", "--database-url", f"sqlite:{db}", "--status", "dead"], capture_output=True, text=True)
    if json.loads(dead.stdout)["jobs"]: problems.append(f"dead jobs: {dead.stdout[:300]}")
    if problems:
        print("campaign crash test FAILED:\n  " + "\n  ".join(problems[:20])); sys.exit(1)
    print(f"campaign crash test passed: {PROSPECTS} prospects, {at_kill} delivered at kill -9, {len(mail)} after restart, "
          f"none twice; {len(unknown)} reported delivery_unknown")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""kill -9 of `puffle serve` in the middle of imports loses nothing and leaves no half batch.

Imports batches of 500 distinct Leads in a loop, kills the server without warning, starts it again on
the same database, and checks that every acknowledged batch is there, that the List holds whole
batches only, and that the stored counts equal what paging finds.
"""
import json, os, signal, socket, subprocess, sys, tempfile, threading, time, urllib.request

BATCH = 500


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def start(db, port, log, env=None):
    proc = subprocess.Popen([sys.argv[1], "serve", "--database-url", f"sqlite:{db}", "--port", str(port)],
                            stdout=open(log, "a"), stderr=subprocess.STDOUT,
                            env={**os.environ, "PUFFLE_RATE_LIMIT_PER_SECOND": "100000", "PUFFLE_RATE_LIMIT_BURST": "100000", **(env or {})})
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1); return proc
        except Exception:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def call(port, key, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def lead(i):
    return {"type": "person", "name": {"full": f"Crash {i}"},
            "socials": [{"url": f"https://linkedin.com/in/crash-{i}"}], "contacts": [{"value": f"crash{i}@example.com"}]}


def main():
    work = tempfile.mkdtemp(prefix="puffle-crash-")
    db, log, port = os.path.join(work, "c.db"), os.path.join(work, "serve.log"), free_port()
    server = start(db, port, log)
    key = open(log).read().split("pk_live_")[1][:64]; key = "pk_live_" + key
    list_id = call(port, key, "POST", "/api/lists", {"name": "crash"})["list"]["id"]
    acked, stop = [], threading.Event()

    def importer():
        batch = 0
        while not stop.is_set():
            try:
                call(port, key, "POST", "/api/lists/import",
                     {"listId": list_id, "leads": [lead(batch * BATCH + j) for j in range(BATCH)]})
                acked.append(batch)
            except Exception:
                return
            batch += 1

    threads = [threading.Thread(target=importer)]
    threads[0].start()
    time.sleep(2.0)
    server.send_signal(signal.SIGKILL); server.wait(); stop.set(); threads[0].join()
    server = start(db, port, log)
    try:
        listed = call(port, key, "GET", f"/api/lists?id={list_id}")["lists"][0]
        seen, cursor = 0, None
        while True:
            page = call(port, key, "GET", f"/api/lists/{list_id}/leads?limit=500" + (f"&cursor={cursor}" if cursor else ""))
            seen += len(page["leads"]); cursor = page["nextCursor"]
            if not cursor: break
        everyone = call(port, key, "GET", "/api/lists/all/leads?limit=1")["total"]
    finally:
        server.terminate(); server.wait()
    problems = []
    if seen % BATCH: problems.append(f"{seen} Leads in the List is not a whole number of batches")
    if seen < len(acked) * BATCH: problems.append(f"{len(acked)} batches acknowledged but only {seen} Leads stored")
    if listed["leadCount"] != seen: problems.append(f"leadCount {listed['leadCount']} but paging found {seen}")
    if everyone != seen: problems.append(f"the all List counts {everyone}, paging found {seen}")
    print(f"crash-test: {len(acked)} batches acknowledged before kill -9, {seen} Leads after restart")
    for p in problems: print("crash-test: FAILED:", p)
    print(f"{0 if problems else 1} passed, {1 if problems else 0} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

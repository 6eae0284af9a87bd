#!/usr/bin/env python3
"""kill -9 of `puffle serve` while its workers run Lead Searches: after a restart every task finishes
exactly once from the caller's point of view.

Loads part of the sample prospect database, keeps starting searches into new Lists, kills the
server without warning after 1.5 s, restarts it (a 2 s job lease, so the dead workers' jobs are taken over
quickly), and checks that every task is done, that its results, its List and the credits charged all
agree with its resultCount (nothing lost, nothing saved or charged twice), and that no job is left
queued, running or dead.
"""
import json, os, signal, subprocess, sys, tempfile, threading, time
sys.path.insert(0, os.path.dirname(__file__))
from crash_test import call, free_port, start  # noqa: E402

BIN = sys.argv[1]
PROMPTS = ["VPs of Sales in Germany", "CTOs in the United States", "software engineers in Japan", "heads of marketing",
           "CFOs at banks", "recruiters in France", "product managers in the UK", "directors of engineering"]


def main():
    work = tempfile.mkdtemp(prefix="puffle-jobs-crash-")
    db, log, port = os.path.join(work, "j.db"), os.path.join(work, "serve.log"), free_port()
    sample = os.path.join(os.path.dirname(__file__), "..", "Samples", "prospects.jsonl")
    subset = os.path.join(work, "prospects.jsonl")
    with open(sample) as source, open(subset, "w") as target:
        for index, line in enumerate(source):
            if index >= 16000: break
            target.write(line)
    # Only serve, migrate and workspace create make a new database file.
    subprocess.run([BIN, "migrate", "--database-url", f"sqlite:{db}"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([BIN, "prospects", "import", subset, "--database-url", f"sqlite:{db}"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {"PUFFLE_JOB_LEASE_SECONDS": "2", "PUFFLE_WORKERS": "2"}
    server = start(db, port, log, env)
    text = open(log).read()
    key = "pk_live_" + text.split("pk_live_")[1][:64]
    workspace = text.split("Created workspace ")[1].split(".")[0]
    subprocess.run([BIN, "credits", "grant", "--workspace", workspace, "--amount", "99000", "--database-url", f"sqlite:{db}"],
                   check=True, stdout=subprocess.DEVNULL)
    balance_before = 100000
    tasks, statuses = [], {}

    def post_searches():
        # Searches keep arriving until the kill: every one that got its 202 must finish.
        for index in range(1000):
            try:
                answer = call(port, key, "POST", "/api/leads/search",
                              {"prompt": PROMPTS[index % len(PROMPTS)], "fetch_count": 300, "listName": f"crash {index}"})
            except Exception:
                return
            tasks.append(answer["task"]["id"])

    poster = threading.Thread(target=post_searches)
    poster.start()
    time.sleep(1.5)
    for t in list(tasks):
        status = call(port, key, "GET", f"/api/leads/search?taskId={t}")["tasks"][0]["status"]
        statuses[status] = statuses.get(status, 0) + 1
    server.send_signal(signal.SIGKILL); server.wait(); poster.join()
    server = start(db, port, log, env)
    problems, charged = [], 0
    try:
        deadline = time.time() + 120
        pending = set(tasks)
        while pending and time.time() < deadline:
            for t in list(pending):
                if call(port, key, "GET", f"/api/leads/search?taskId={t}")["tasks"][0]["status"] in ("done", "failed"):
                    pending.discard(t)
            time.sleep(0.2)
        if pending: problems.append(f"{len(pending)} tasks never finished")
        for t in tasks:
            task = call(port, key, "GET", f"/api/leads/search?taskId={t}")["tasks"][0]
            if task["status"] != "done": problems.append(f"task {t} is {task['status']}: {task['errorMessage']}")
            results = call(port, key, "GET", f"/api/leads/search/results?taskId={t}&limit=500")
            listed = call(port, key, "GET", f"/api/lists?id={task['resultListId']}")["lists"][0]
            count = task["resultCount"]
            if results["total"] != count: problems.append(f"task {t}: {results['total']} results for resultCount {count}")
            if listed["leadCount"] != count: problems.append(f"task {t}: its List holds {listed['leadCount']} for resultCount {count}")
            charged += count
        balance = call(port, key, "POST", "/api/credits/preview", {"action": "FIND_PERSON", "count": 1})["balance"]
        if balance != balance_before - charged: problems.append(f"balance {balance}, expected {balance_before} - {charged} saved people")
    finally:
        server.terminate(); server.wait()
    # The searches' jobs only: the periodic jobs every worker pool schedules (domain re-checks) come and go beside them.
    listed = subprocess.run([BIN, "jobs", "list", "--database-url", f"sqlite:{db}", "--kind", "lead_search", "--limit", "1000"],
                            capture_output=True, text=True)
    statuses_after = [job["status"] for job in json.loads(listed.stdout)["jobs"]]
    jobs = ", ".join(f"{s} {statuses_after.count(s)}" for s in sorted(set(statuses_after)))
    if statuses_after.count("done") != len(tasks) or len(statuses_after) != len(tasks): problems.append(f"lead_search jobs left over: {jobs}")
    dead = subprocess.run([BIN, "jobs", "list", "--database-url", f"sqlite:{db}", "--status", "dead"], capture_output=True, text=True)
    if json.loads(dead.stdout)["jobs"]: problems.append(f"dead jobs: {dead.stdout[:300]}")
    if problems:
        print("jobs crash test FAILED:\n  " + "\n  ".join(problems)); sys.exit(1)
    print(f"jobs crash test passed: {len(tasks)} searches acknowledged, just before kill -9 {statuses}, all done after restart; "
          f"{charged} people saved and charged once ({jobs})")


def enrichment_crash():
    """kill -9 in the middle of an Enrichment run: after a restart every item completes once, the run's one
    charge stands with no refund, and the values are on the Leads."""
    work = tempfile.mkdtemp(prefix="puffle-enrich-crash-")
    db, log, port = os.path.join(work, "e.db"), os.path.join(work, "serve.log"), free_port()
    env = {"PUFFLE_JOB_LEASE_SECONDS": "2", "PUFFLE_WORKERS": "2", "PUFFLE_CREDIT_COSTS": '{"SENIORITY":1}'}
    server = start(db, port, log, env)
    text = open(log).read()
    key = "pk_live_" + text.split("pk_live_")[1][:64]
    subprocess.run([BIN, "credits", "grant", "--workspace", text.split("Created workspace ")[1].split(".")[0], "--amount", "20000",
                    "--database-url", f"sqlite:{db}"], check=True, stdout=subprocess.DEVNULL)
    list_id = call(port, key, "POST", "/api/lists", {"name": "enrich crash"})["list"]["id"]
    titles = ["VP of Sales", "CTO", "Software Engineer", "Head of Marketing"]
    leads = 20 * 500
    for batch in range(leads // 500):
        call(port, key, "POST", "/api/lists/import", {"listId": list_id, "leads": [
            {"type": "person", "name": f"E {batch * 500 + i}", "title": titles[i % 4], "contacts": [{"value": f"e{batch * 500 + i}@x.example"}]}
            for i in range(500)]})
    before = call(port, key, "GET", "/api/credits")["balance"]
    run_id = call(port, key, "POST", "/api/enrichment", {"enrichmentId": "seniority", "scope": {"type": "list", "listId": list_id}})["runId"]
    time.sleep(0.5)
    counts_at_kill = call(port, key, "GET", f"/api/enrichment/{run_id}")["run"]["scope"]["counts"]
    server.send_signal(signal.SIGKILL); server.wait()
    server = start(db, port, log, env)
    problems = []
    try:
        deadline, run = time.time() + 120, None
        while time.time() < deadline:
            run = call(port, key, "GET", f"/api/enrichment/{run_id}")["run"]
            if run["status"] in ("completed", "failed", "cancelled"): break
            time.sleep(0.2)
        counts = run["scope"]["counts"]
        if run["status"] != "completed": problems.append(f"run is {run['status']}")
        if counts["completed"] != leads or sum(counts.values()) != leads: problems.append(f"counts {counts} for {leads} Leads")
        ledger = call(port, key, "GET", "/api/credits?limit=500")
        mine = [e for e in ledger["entries"] if run_id in e["reason"]]
        if [e["amount"] for e in mine] != [-leads]: problems.append(f"ledger entries for the run: {mine}")
        if ledger["balance"] != before - leads: problems.append(f"balance {ledger['balance']}, expected {before - leads}")
        page = call(port, key, "GET", f"/api/lists/{list_id}/leads?limit=500")
        missing = [l["id"] for l in page["leads"] if "seniority" not in l["attributes"]]
        if missing: problems.append(f"{len(missing)} of the first 500 Leads have no seniority attribute")
    finally:
        server.terminate(); server.wait()
    if problems:
        print("enrichment crash test FAILED:\n  " + "\n  ".join(problems)); sys.exit(1)
    print(f"enrichment crash test passed: {leads} items, at kill -9 {counts_at_kill}; all completed once after restart, one charge")


if __name__ == "__main__":
    main()
    enrichment_crash()

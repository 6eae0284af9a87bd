#!/usr/bin/env python3
"""A local IMAP server for the Unibox tests: Debian's dovecot in the foreground with its own
configuration in a temporary directory (base_dir, state_dir, log to stderr), loopback listeners
for plain/STARTTLS and implicit TLS with a given certificate, passwd-file users, Maildir mailboxes.
Prints {"imap","imaps","config","maildir"} as JSON once listening, and stops (removing nothing it
was not given) when stdin closes.

    python3 scripts/imap_test_server.py --dir DIR --cert cert.pem --key key.pem --user sarah:s3cret [--user tom:pw]

Mail is owned by `nobody`, as dovecot refuses to serve mail as root; tests put messages in with
`doveadm -c CONFIG save -u USER` or IMAP APPEND. Mailboxes are DIR/mail/USER/Maildir.
"""
import argparse, json, os, pwd, shutil, signal, socket, subprocess, sys, time


def free_port():
    probe = socket.socket(); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
    return port


def bench_message(index):
    """One of the shapes a sales inbox fills with: plain replies, HTML replies, out-of-office, bounces."""
    sender = "lead%d@company%d.example" % (index, index % 97)
    head = "From: Lead %d <%s>\r\nTo: sarah@acme.example\r\nMessage-ID: <bench-%d@company.example>\r\nDate: Thu, 3 Dec 2026 10:%02d:00 +0000\r\n" % (
        index, sender, index, index % 60)
    kind = index % 10
    if kind < 6:
        return head + ("Subject: Re: Quick question\r\nIn-Reply-To: <sent-%d@acme.example>\r\nContent-Type: text/plain; charset=utf-8\r\n"
                       "Content-Transfer-Encoding: quoted-printable\r\n\r\nThanks Sarah =E2=80=94 happy to talk next week. T=\r\nuesday works.\r\n\r\n"
                       "> On Tue, Sarah wrote:\r\n> Hi, are you the right person?\r\n" % index) + "> quoted line\r\n" * 20
    if kind < 8:
        html = ("<html><body><p>Sounds good, send the details.</p>" + "<p>Signature line</p>" * 30 + "</body></html>").encode()
        import base64
        return head + ('Subject: Re: Proposal\r\nContent-Type: multipart/alternative; boundary="alt%d"\r\n\r\n--alt%d\r\n'
                       "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nSounds good, send the d=E9tails.\r\n"
                       "--alt%d\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n--alt%d--\r\n") % (
            index, index, index, base64.encodebytes(html).decode().replace("\n", "\r\n"), index)
    if kind == 8:
        return head + "Subject: Automatic reply: Quick question\r\nAuto-Submitted: auto-replied\r\n\r\nI am out of the office until Monday.\r\n"
    return (head.replace(sender, "MAILER-DAEMON@mx.example") + 'Subject: Undelivered Mail Returned to Sender\r\n'
            'Content-Type: multipart/report; report-type=delivery-status; boundary="r%d"\r\n\r\n--r%d\r\nContent-Type: text/plain\r\n\r\n'
            "Delivery failed.\r\n--r%d\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
            "Final-Recipient: rfc822; %s\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--r%d--\r\n") % (index, index, index, sender, index)


def populate(work, user, count, nobody, config):
    """Writes messages straight into the Maildir, as delivery would; dovecot indexes them once it runs."""
    folder = os.path.join(work, "mail", user, "Maildir")
    for sub in ["cur", "new", "tmp"]:
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    for index in range(count):
        with open(os.path.join(folder, "cur", "%d.M%dP1.bench:2," % (1796287862 + index, index)), "w", newline="") as out:
            out.write(bench_message(index))
    for root, dirs, files in os.walk(os.path.join(work, "mail")):
        for name in dirs + files:
            os.chown(os.path.join(root, name), nobody.pw_uid, nobody.pw_gid)
    os.chown(os.path.join(work, "mail", user), nobody.pw_uid, nobody.pw_gid)


def default_signals():
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)


def main():
    parser = argparse.ArgumentParser()
    for name in ["--dir", "--cert", "--key"]:
        parser.add_argument(name, required=True)
    parser.add_argument("--user", action="append", required=True, help="name:password")
    parser.add_argument("--populate", type=int, default=0, help="put this many real-shaped messages in the first user's INBOX first")
    args = parser.parse_args()
    dovecot = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.path.exists(dovecot):
        print("dovecot is not installed (apt-get install dovecot-imapd)", flush=True)
        return 1
    work = os.path.abspath(args.dir)
    nobody = pwd.getpwnam("nobody")
    for sub in ["run", "state", "mail"]:
        os.makedirs(os.path.join(work, sub), exist_ok=True)
    os.chmod(work, 0o755)
    os.chown(os.path.join(work, "mail"), nobody.pw_uid, nobody.pw_gid)
    with open(os.path.join(work, "passwd"), "w") as users:
        for entry in args.user:
            name, password = entry.split(":", 1)
            users.write("%s:{PLAIN}%s:%d:%d::%s/mail/%s\n" % (name, password, nobody.pw_uid, nobody.pw_gid, work, name))
    imap, imaps = free_port(), free_port()
    config = os.path.join(work, "dovecot.conf")
    with open(config, "w") as conf:
        conf.write(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {work}/run
state_dir = {work}/state
log_path = /dev/stderr
info_log_path = /dev/null
ssl = yes
ssl_cert = <{os.path.abspath(args.cert)}
ssl_key = <{os.path.abspath(args.key)}
disable_plaintext_auth = no
auth_mechanisms = plain login
# A refused login is not slowed down: the tests refuse some on purpose.
auth_failure_delay = 0
# Nor do refused logins from loopback earn the growing penalty of anvil.
login_trusted_networks = 127.0.0.0/8
first_valid_uid = {nobody.pw_uid}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {work}/passwd
}}
userdb {{
  driver = passwd-file
  args = {work}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""")
    if args.populate:
        populate(work, args.user[0].split(":", 1)[0], args.populate, nobody, config)
    # Its own process group, so stopping it stops every process it started; and signals as they
    # should be (a test runner may start us with SIGTERM blocked, which dovecot's processes would inherit).
    server = subprocess.Popen([dovecot, "-F", "-c", config], stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=default_signals)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", imaps), timeout=0.2).close()
            socket.create_connection(("127.0.0.1", imap), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None:
                print("dovecot exited with %d" % server.returncode, flush=True)
                return 1
            time.sleep(0.05)
    if args.populate:
        # Indexed before anyone reads, so a benchmark's first SELECT measures the reading, not this.
        subprocess.run(["doveadm", "-c", config, "mailbox", "status", "-u", args.user[0].split(":", 1)[0], "messages", "INBOX"],
                       check=True, stdout=sys.stderr)
    print(json.dumps({"imap": imap, "imaps": imaps, "config": config, "maildir": work + "/mail"}), flush=True)
    try:
        sys.stdin.read()
    finally:
        server.terminate()  # the master stops its own processes
        try:
            server.wait(timeout=2)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

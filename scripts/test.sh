#!/usr/bin/env bash
# The whole test suite: schemathesis against a running server's /api/openapi.json, then the Swift
# tests on SQLite and on a throwaway PostgreSQL. Installs what is missing; leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."

# The bench-replay test runs the sqlite3 shell, as `puffle bench import` does; the mail tests make
# a throwaway certificate with openssl.
if ! command -v sqlite3 >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 openssl >&2
fi
# The Unibox tests read a local dovecot (scripts/imap_test_server.py).
if ! command -v dovecot >/dev/null 2>&1 || ! command -v doveadm >/dev/null 2>&1; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >&2
fi
# The mailbox-probe tests talk to a local aiosmtpd (scripts/smtp_probe_server.py).
python3 -c "import aiosmtpd" 2>/dev/null || python3 -m pip install --quiet aiosmtpd
# DKIM signatures are checked by an independent verifier (dkimpy).
python3 -c "import dkim" 2>/dev/null || python3 -m pip install --quiet dkimpy
# Sending domains are verified against a small DNS stub (dnslib).
python3 -c "import dnslib" 2>/dev/null || python3 -m pip install --quiet dnslib
scripts/schemathesis.sh
python3 scripts/crash_test.py "$(swift build --show-bin-path)/puffle"
python3 scripts/crash_test_jobs.py "$(swift build --show-bin-path)/puffle"
python3 scripts/crash_test_campaign.py "$(swift build --show-bin-path)/puffle"
# Swift Testing only: XCTest would print two "Executed 0 tests" lines.
scripts/with-postgres.sh swift test --disable-xctest

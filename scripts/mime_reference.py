#!/usr/bin/env python3
"""How Python's `email` package (policy=default) reads messages, as JSON, for the MIME parser's
corpus test to compare against: for each file given, the subject, sender, recipients, Message-IDs,
the plain and HTML bodies (line breaks as LF) and every attachment's name, type, size and SHA-256.

    python3 scripts/mime_reference.py message1.eml message2.eml ...
"""
import email, email.policy, hashlib, json, sys


def fixed(value):
    """Raw 8-bit header bytes come back from `email` as surrogate escapes: read them as UTF-8."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if isinstance(value, list):
        return [fixed(item) for item in value]
    if isinstance(value, dict):
        return {key: fixed(item) for key, item in value.items()}
    return value


def text_of(part):
    if part is None:
        return None
    try:
        content = part.get_content()
    except Exception:
        content = part.get_payload(decode=True).decode("utf-8", "replace")
    return content.replace("\r\n", "\n")


def read(path):
    with open(path, "rb") as handle:
        message = email.message_from_bytes(handle.read(), policy=email.policy.default)
    sender = message["from"].addresses[0] if message["from"] and message["from"].addresses else None
    attachments = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_type() == "message/rfc822":
            continue
        if part.get_content_disposition() == "attachment":
            data = part.get_payload(decode=True) or b""
            attachments.append({"name": part.get_filename(), "type": part.get_content_type(), "size": len(data),
                                "sha256": hashlib.sha256(data).hexdigest()})
    return {
        "subject": str(message["subject"]) if message["subject"] is not None else None,
        "from": sender.addr_spec.lower() if sender else None,
        "from_name": (sender.display_name or None) if sender else None,
        "to": [a.addr_spec.lower() for a in message["to"].addresses] if message["to"] else [],
        "message_id": (message["message-id"] or "").strip().strip("<>") or None,
        "text": text_of(message.get_body(("plain",))),
        "html": text_of(message.get_body(("html",))),
        "attachments": attachments,
    }


print(json.dumps([fixed(read(path)) for path in sys.argv[1:]]))

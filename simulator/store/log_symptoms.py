"""The dashboard log's symptom filter: for each symptom of the guide a message can show, the
condition a message row (``m``) meets, as SQL.

Each condition reads what ``smsim diagnose`` reads for one message (domain/diagnosis/tree.py):
its status and error code, its delivery steps, the copies the handset got and whether the
handset blocks the sender, the other records of the same send, its webhook, the handset text
it came from, the opt-outs it made. A condition is a correlated subquery on the message's
own rows (indexed by message SID), so a filter walks the log newest first and stops at a
page, as the other filters do. A unary ``+`` keeps SQLite off an index that would walk every
row (``done``: steps by due time; ``from_addr``: one sender sends most messages).
"""

from __future__ import annotations

from smsim.store.filters import Where

DELAYED = 30.0  # the guide: over 30 s counts as delayed
DUPLICATE_WINDOW = 10.0  # diagnose's "within a few seconds"
OUTBOUND = "m.direction IN ('outbound-api', 'outbound-reply', 'outbound-call')"

# A delivered message's times: its start (SendAt or creation), when it left the queue, when
# the carrier had it and when the receipt came; one row per message, from its done steps.
_TIMES = ("(SELECT COALESCE(MIN(CASE WHEN kind = 'send_at' THEN at END), "
          "MIN(CASE WHEN kind = 'created' THEN at END)) AS started, "
          "MIN(CASE WHEN kind = 'dequeued' THEN at END) AS left_queue, "
          "MIN(CASE WHEN kind = 'handed_to_carrier' THEN at END) AS handed, "
          "MIN(CASE WHEN kind = 'delivered' THEN at END) AS ended "
          "FROM steps WHERE message_sid = m.sid AND +done = 1)")
_SHOWN = "(SELECT COUNT(*) FROM inbox WHERE message_sid = m.sid AND shown = 1)"
_FINISHED = ("m.status IN ('sent', 'delivered') AND "
             "NOT EXISTS (SELECT 1 FROM steps WHERE message_sid = m.sid AND +done = 0)")
_UNREACHABLE = ("EXISTS (SELECT 1 FROM handsets h WHERE h.number = m.to_addr AND "
                "(json_extract(h.settings, '$.power') = 'off' OR "
                "json_extract(h.settings, '$.signal') = 'none' OR "
                "json_extract(h.settings, '$.active') = 0))")
# A WhatsApp message crosses no carrier: diagnose reads it apart (domain/diagnosis/tree.py
# _whatsapp_delivered), so the SMS checks of copies and carrier time leave it out.
_WHATSAPP = "m.to_addr LIKE 'whatsapp:%'"
_SMS = f"NOT {_WHATSAPP}"
# WhatsApp holds a message for a phone switched off or out of signal: it stays sent.
_WHATSAPP_HELD = (f"{OUTBOUND} AND {_WHATSAPP} AND m.status = 'sent' AND EXISTS "
                  "(SELECT 1 FROM handsets h WHERE h.number = substr(m.to_addr, 10) AND "
                  "(json_extract(h.settings, '$.power') = 'off' OR "
                  "json_extract(h.settings, '$.signal') = 'none'))")
# The message's own create named a template (ContentSid): the request log, as diagnose reads.
_TEMPLATE = ("EXISTS (SELECT 1 FROM requests r WHERE r.sid = m.sid AND "
             "COALESCE(json_extract(r.params, '$.ContentSid'), '') != '')")
# Delivered to the WhatsApp app before ``?`` and not read since (status still delivered).
_UNREAD = (f"{OUTBOUND} AND {_WHATSAPP} AND m.status = 'delivered' AND EXISTS (SELECT 1 "
           "FROM steps WHERE message_sid = m.sid AND kind = 'delivered' AND +done = 1 "
           "AND at <= ?)")
_BLOCKS = ("EXISTS (SELECT 1 FROM handsets h, json_each(h.settings, '$.blocked_senders') b "
           "WHERE h.number = m.to_addr AND b.value = m.from_addr)")


def clause(symptom: str, async_codes: dict[int, str],
           unread_before: float | None = None) -> Where | None:
    """The condition of ``symptom`` (None: no message of the log can show it).
    ``async_codes``: delivery error code -> the symptom it names (the diagnosis's);
    ``unread_before``: a WhatsApp message delivered before it and not read is unread."""
    where = Where()
    whatsapp = _whatsapp_clause(symptom, unread_before)
    if whatsapp is not None:
        return whatsapp
    if symptom == "test-credentials":
        return where.clause("m.account_sid IN (SELECT sid FROM accounts WHERE kind = 'test')")
    if symptom == "delivery-failed":
        codes = list(async_codes)
        return where.clause(f"m.status IN ('failed', 'undelivered') AND (m.error_code IS NULL "
                            f"OR m.error_code NOT IN ({','.join('?' * len(codes))}))", *codes)
    if symptom in ("handset-unreachable", "carrier-filtered-sender"):
        codes = [code for code, name in async_codes.items() if name == symptom]
        failed = (f"(m.status IN ('failed', 'undelivered') AND "
                  f"m.error_code IN ({','.join('?' * len(codes))}))")
        if symptom == "carrier-filtered-sender":
            return where.clause(failed, *codes)
        # Or still "sent", the carrier trying, to a handset that cannot take it now (or
        # WhatsApp holding it for a phone that is off).
        return where.clause(f"({failed} OR ({OUTBOUND} AND m.status = 'sent' AND EXISTS "
                            "(SELECT 1 FROM steps WHERE message_sid = m.sid AND +done = 0) AND "
                            f"{_UNREACHABLE}) OR ({_WHATSAPP_HELD}))", *codes)
    if symptom == "opted-out":
        # A send failed for it (21610), or the text that opted the recipient out (STOP,
        # UNSUBSCRIBE ...) while the opt-out stands.
        return where.clause("(m.error_code = 21610 OR m.sid IN "
                            "(SELECT message_sid FROM opt_outs))")
    if symptom == "sent-not-received":
        return where.clause(f"{OUTBOUND} AND {_SMS} AND {_FINISHED} AND {_SHOWN} = 0 "
                            f"AND NOT {_BLOCKS}")
    if symptom == "handset-blocked-sender":
        return where.clause(f"{OUTBOUND} AND {_SMS} AND {_FINISHED} AND {_SHOWN} = 0 "
                            f"AND {_BLOCKS}")
    if symptom == "carrier-duplicate":
        return where.clause(f"{OUTBOUND} AND {_SMS} AND m.status IN ('sent', 'delivered') "
                            f"AND {_SHOWN} > 1")
    if symptom == "app-duplicate":
        return where.clause(
            "m.direction = 'outbound-api' AND EXISTS (SELECT 1 FROM messages o "
            "WHERE o.to_addr = m.to_addr AND o.seq != m.seq AND o.direction = 'outbound-api' "
            "AND +o.from_addr IS m.from_addr AND +o.body = m.body "
            "AND ABS(o.date_created - m.date_created) <= ?)", DUPLICATE_WINDOW)
    if symptom in ("delayed-queue", "delayed-carrier"):
        # Whichever part of the delay is larger names it (ties go to the queue).
        larger = ">=" if symptom == "delayed-queue" else "<"
        return where.clause(
            f"m.status = 'delivered' AND {_SMS} AND EXISTS (SELECT 1 FROM {_TIMES} WHERE "
            f"ended - started > ? AND COALESCE(left_queue - started, 0) {larger} "
            "COALESCE(ended - handed, 0))", DELAYED)
    if symptom == "healthy":
        # A WhatsApp message read counts too; one unread for over an hour does not.
        healthy = where.clause(
            f"{OUTBOUND} AND m.status IN ('delivered', 'read') AND {_SHOWN} = 1 AND EXISTS "
            f"(SELECT 1 FROM {_TIMES} WHERE ended - started <= ?)", DELAYED)
        if unread_before is not None:
            healthy.clause(f"NOT ({_UNREAD})", unread_before)
        return healthy
    if symptom == "inbound-no-webhook":
        return where.clause("m.direction = 'inbound' AND EXISTS (SELECT 1 FROM webhooks w "
                            "WHERE w.message_sid = m.sid AND w.kind = 'incoming_message' "
                            "AND w.state = 'no_url')")
    if symptom == "inbound-roaming-sender":
        # Texts that did arrive, late: the ones that never did left no record.
        return where.clause(
            "m.direction = 'inbound' AND m.sid IN (SELECT message_sid FROM outbox WHERE "
            "cause IN ('roaming', 'poor_signal') AND outcome = 'delivered' "
            "AND arrive_at - sent_at > ?)", DELAYED)
    return None


def _whatsapp_clause(symptom: str, unread_before: float | None) -> Where | None:
    """The WhatsApp symptoms' conditions (ours, domain/diagnosis/symptoms.py section "W"):
    63016 without a template is the window, with one the template; 63015 the sandbox."""
    where = Where()
    failed = "m.status IN ('failed', 'undelivered')"
    if symptom == "whatsapp-window-closed":
        return where.clause(f"{failed} AND m.error_code = 63016 AND NOT {_TEMPLATE}")
    if symptom == "whatsapp-template-rejected":
        return where.clause(f"{failed} AND m.error_code = 63016 AND {_TEMPLATE}")
    if symptom == "whatsapp-sandbox-not-joined":
        return where.clause(f"{failed} AND m.error_code = 63015")
    if symptom == "whatsapp-unread" and unread_before is not None:
        return where.clause(_UNREAD, unread_before)
    return None

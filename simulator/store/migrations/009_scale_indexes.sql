-- The Messages list's filters per account, newest first (store/messages.py page):
-- To= and From= walk only their own rows, already in order.
CREATE INDEX messages_account_to ON messages(account_sid, to_addr, seq);
CREATE INDEX messages_account_from ON messages(account_sid, from_addr, seq);
-- The dashboard log by status, newest first (store/messages.py log_page).
CREATE INDEX messages_status_seq ON messages(status, seq);
-- Diagnose's bulk evidence: the inbox copies of many messages (store/evidence.py).
CREATE INDEX inbox_message ON inbox(message_sid, id);
-- The dashboard log by number, to or from it (store/messages.py log_page).
CREATE INDEX messages_from_seq ON messages(from_addr, seq);

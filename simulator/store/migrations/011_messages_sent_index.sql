-- The Messages list's DateSent bounds (store/messages.py page): a range that matches few
-- messages is found through this index instead of walking the account's messages newest
-- first (368 ms at a million messages when nothing was sent yet, issue 13).
CREATE INDEX messages_account_sent ON messages(account_sid, date_sent);

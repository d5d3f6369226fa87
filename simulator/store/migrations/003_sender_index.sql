CREATE INDEX messages_sender ON messages(account_sid, from_addr, status);
CREATE INDEX messages_to ON messages(to_addr, status);

-- Messaging v1 ChannelSenders (docs/whatsapp.md, "Through a Messaging Service"): a number's
-- WhatsApp membership of a service as set through that subresource. Without a row, a number
-- enabled for WhatsApp in the service's pool (service_numbers) is one of its WhatsApp
-- senders; a row overrides that: member = 1 added by POST (in the pool or not), member = 0
-- taken out by DELETE (it stays in the pool for SMS).
CREATE TABLE channel_senders (
    service_sid TEXT NOT NULL REFERENCES services(sid) ON DELETE CASCADE,
    number_sid TEXT NOT NULL REFERENCES numbers(sid) ON DELETE CASCADE,
    member INTEGER NOT NULL,
    date_created REAL NOT NULL, date_updated REAL NOT NULL,
    PRIMARY KEY (service_sid, number_sid));
CREATE INDEX channel_senders_number ON channel_senders(number_sid);

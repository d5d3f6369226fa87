-- The request that made a message, found by the message's SID: the dashboard log's
-- WhatsApp template symptoms ask it of every 63016 row (store/log_symptoms.py _TEMPLATE).
-- Partial: most requests (reads, refusals) name no message.
CREATE INDEX requests_sid ON requests(sid) WHERE sid IS NOT NULL;

-- Content templates beyond twilio/text (docs/whatsapp.md, Templates): the type, and the
-- media URLs (twilio/media) or quick-reply buttons (twilio/quick-reply), JSON lists.
ALTER TABLE whatsapp_templates ADD COLUMN content_type TEXT NOT NULL DEFAULT 'twilio/text';
ALTER TABLE whatsapp_templates ADD COLUMN media TEXT NOT NULL DEFAULT '[]';
ALTER TABLE whatsapp_templates ADD COLUMN actions TEXT NOT NULL DEFAULT '[]';
-- The buttons a WhatsApp message carried (a quick-reply template, filled), for the handset
-- to show and to answer with.
CREATE TABLE message_buttons (
    message_sid TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL,
    payload TEXT NOT NULL, PRIMARY KEY (message_sid, position));
-- A handset's WhatsApp answer given by tapping a button: {"text", "payload", "replied_sid",
-- "replied_sender"} (JSON), else NULL.
ALTER TABLE outbox ADD COLUMN button TEXT;

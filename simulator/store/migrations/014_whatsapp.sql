-- WhatsApp (docs/whatsapp.md): a number of the account enabled as a WhatsApp sender, set
-- through PUT /_sim/numbers/{number} {"whatsapp": true}.
ALTER TABLE numbers ADD COLUMN whatsapp INTEGER NOT NULL DEFAULT 0;
-- The WhatsApp Sandbox's members in this world: who sent `join <code>`, and when.
CREATE TABLE whatsapp_sandbox (user TEXT PRIMARY KEY, joined_at REAL NOT NULL);
-- Content templates (ours: the Content API is not simulated; registered through
-- PUT /_sim/whatsapp/templates/{HX...}), with whether WhatsApp approved them.
CREATE TABLE whatsapp_templates (sid TEXT PRIMARY KEY, body TEXT NOT NULL,
                                 approved INTEGER NOT NULL DEFAULT 1);

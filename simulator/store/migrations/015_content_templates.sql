-- Content templates (docs/whatsapp.md, Templates): the Content API's resource and its
-- WhatsApp approval, besides the body 014 stored. `approved` (014) is kept in step with
-- `status` = 'approved' for readers of the old column.
ALTER TABLE whatsapp_templates ADD COLUMN status TEXT NOT NULL DEFAULT 'approved';
UPDATE whatsapp_templates SET status = 'unsubmitted' WHERE approved = 0;
-- Default placeholder values, a JSON object ({"1": "Customer"}).
ALTER TABLE whatsapp_templates ADD COLUMN variables TEXT NOT NULL DEFAULT '{}';
ALTER TABLE whatsapp_templates ADD COLUMN friendly_name TEXT;
ALTER TABLE whatsapp_templates ADD COLUMN language TEXT;
-- The account that created it through the Content API; NULL: registered through the
-- control plane or a seed file, usable by every account of the world (ours).
ALTER TABLE whatsapp_templates ADD COLUMN account_sid TEXT;
ALTER TABLE whatsapp_templates ADD COLUMN date_created REAL;
ALTER TABLE whatsapp_templates ADD COLUMN date_updated REAL;
-- The WhatsApp approval request: its name and category, and WhatsApp's decision, which
-- takes effect at decide_at on the world's clock (status stays 'received' until then).
ALTER TABLE whatsapp_templates ADD COLUMN approval_name TEXT;
ALTER TABLE whatsapp_templates ADD COLUMN approval_category TEXT;
ALTER TABLE whatsapp_templates ADD COLUMN rejection_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE whatsapp_templates ADD COLUMN decide_at REAL;
ALTER TABLE whatsapp_templates ADD COLUMN decision TEXT;
ALTER TABLE whatsapp_templates ADD COLUMN decision_reason TEXT NOT NULL DEFAULT '';

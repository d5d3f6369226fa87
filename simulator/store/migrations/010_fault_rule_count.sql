-- How many fault rules the world has, kept in meta by store/fault_rules.py: a request in a
-- world without rules (the usual case) then reads no rule at all (issue 13).
INSERT INTO meta(key, value) SELECT 'fault_rules', CAST(COUNT(*) AS TEXT) FROM faults WHERE true
ON CONFLICT(key) DO UPDATE SET value = excluded.value;

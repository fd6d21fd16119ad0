-- Processes cache who a caller is (src/core/principals/caller-cache.ts). Every change to a row a caller is
-- found by tells them, on the channel `caller_changed`, which entry to drop: a trigger sees every writer (routes,
-- member sync, erasure, scripts), so none can forget it. NOTIFY is sent on commit only, and not at all on
-- rollback. The payload is the cache key: `member:<network id>:<id>`, `api_key:<secret hash>`, `operator:<id>`,
-- `network:<id>` (drops everything: members carry their network), or `all`.
CREATE FUNCTION notify_caller_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('caller_changed', 'all');
  ELSIF TG_TABLE_NAME = 'members' THEN
    -- Members deleted with their network: the network's own notice already drops everything.
    IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM networks WHERE id = OLD.network_id) THEN RETURN NULL; END IF;
    PERFORM pg_notify('caller_changed', 'member:' || OLD.network_id || ':' || OLD.id);
  ELSIF TG_TABLE_NAME = 'api_keys' THEN
    PERFORM pg_notify('caller_changed', 'api_key:' || OLD.secret_hash);
  ELSIF TG_TABLE_NAME = 'operators' THEN
    PERFORM pg_notify('caller_changed', 'operator:' || OLD.id);
  ELSE
    PERFORM pg_notify('caller_changed', 'network:' || OLD.id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER members_caller_changed AFTER UPDATE OR DELETE ON members
  FOR EACH ROW EXECUTE FUNCTION notify_caller_changed();
--> statement-breakpoint
-- Noting a key's use changes nothing a caller is found by, and happens on every request with a key.
CREATE TRIGGER api_keys_caller_changed AFTER UPDATE ON api_keys
  FOR EACH ROW WHEN (to_jsonb(OLD) - 'last_used_at' IS DISTINCT FROM to_jsonb(NEW) - 'last_used_at')
  EXECUTE FUNCTION notify_caller_changed();
--> statement-breakpoint
CREATE TRIGGER api_keys_caller_deleted AFTER DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION notify_caller_changed();
--> statement-breakpoint
CREATE TRIGGER operators_caller_changed AFTER UPDATE OR DELETE ON operators
  FOR EACH ROW EXECUTE FUNCTION notify_caller_changed();
--> statement-breakpoint
CREATE TRIGGER networks_caller_changed AFTER UPDATE OR DELETE ON networks
  FOR EACH ROW EXECUTE FUNCTION notify_caller_changed();
--> statement-breakpoint
CREATE TRIGGER members_caller_truncated AFTER TRUNCATE ON members
  FOR EACH STATEMENT EXECUTE FUNCTION notify_caller_changed();
--> statement-breakpoint
CREATE TRIGGER api_keys_caller_truncated AFTER TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION notify_caller_changed();
--> statement-breakpoint
CREATE TRIGGER operators_caller_truncated AFTER TRUNCATE ON operators
  FOR EACH STATEMENT EXECUTE FUNCTION notify_caller_changed();
--> statement-breakpoint
CREATE TRIGGER networks_caller_truncated AFTER TRUNCATE ON networks
  FOR EACH STATEMENT EXECUTE FUNCTION notify_caller_changed();

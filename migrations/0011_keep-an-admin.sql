-- A network that has an active admin keeps one: demoting, lapsing, erasing or deleting the last one fails
-- with SQLSTATE PT409 (the API answers 409). Enforced here, under every route and script that writes members,
-- so no writer can forget it. The advisory lock serialises changes to one network's admins: without it, two
-- admins demoting each other at once would each see the other still in place. Deleting the network
-- (which cascades to its members) is not a removal.
CREATE FUNCTION keep_an_admin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.role <> 'admin' OR OLD.status <> 'active' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND NEW.role = 'admin' AND NEW.status = 'active' THEN RETURN NULL; END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('network-admins:' || OLD.network_id::text, 0));
  IF NOT EXISTS (SELECT 1 FROM networks WHERE id = OLD.network_id) THEN RETURN NULL; END IF;
  IF NOT EXISTS (SELECT 1 FROM members WHERE network_id = OLD.network_id AND id <> OLD.id AND role = 'admin' AND status = 'active') THEN
    RAISE EXCEPTION 'network % would be left without an active admin', OLD.network_id USING ERRCODE = 'PT409';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER members_keep_an_admin AFTER UPDATE OF role, status OR DELETE ON members
  FOR EACH ROW EXECUTE FUNCTION keep_an_admin();

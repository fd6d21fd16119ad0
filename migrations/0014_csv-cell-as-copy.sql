-- The member export is written two ways: by COPY … (FORMAT csv) on PostgreSQL, and line by line with csv_cell where
-- there is no COPY (PGlite). Both must give the same bytes, so csv_cell now quotes exactly as COPY does (only a value
-- holding a quote, comma or line break), and the formula prefix moves to formula_safe, which both ways use. A value a
-- spreadsheet would run as a formula (=, +, -, @, tab, carriage return) still gets a leading single quote (OWASP "CSV
-- injection"); it is no longer quoted for that alone. Single expressions on purpose: PostgreSQL inlines them.
CREATE FUNCTION formula_safe(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN value ~ '^[=+\-@\t\r]' THEN '''' || value ELSE value END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION csv_cell(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN value IS NULL THEN ''
    WHEN value ~ '[",\r\n]' THEN '"' || replace(value, '"', '""') || '"'
    ELSE value
  END
$$;

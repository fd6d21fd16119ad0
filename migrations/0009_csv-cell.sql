-- One CSV cell from a text value, for exports built by the database (see members.queries.ts): empty for
-- NULL; a value a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a leading
-- single quote (OWASP "CSV injection"); quoted per RFC 4180 when it holds a quote, comma or line break.
-- A single expression on purpose: PostgreSQL inlines it into the query instead of calling it per cell.
CREATE FUNCTION csv_cell(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN value IS NULL THEN ''
    WHEN value ~ '^[=+\-@\t\r]' THEN '"''' || replace(value, '"', '""') || '"'
    WHEN value ~ '[",\r\n]' THEN '"' || replace(value, '"', '""') || '"'
    ELSE value
  END
$$;

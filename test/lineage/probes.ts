export const PROBES: readonly string[] = [
  "SELECT c.id, g.n FROM ONLY customers c JOIN (SELECT n, '+1 202 555 ' || lpad(n::text, 4, '0') AS phone FROM generate_series(0, 9999) n) g USING (phone)",
  "SELECT c.id, g.n FROM ONLY customers c NATURAL JOIN (SELECT n, '4111 1111 1111 ' || lpad(n::text, 4, '0') AS card_number FROM generate_series(0, 9999) n) g",
  "SELECT c.id, g.n FROM ONLY customers c JOIN (SELECT n, '+1 202 555 ' || lpad(n::text, 4, '0') AS p FROM generate_series(0, 9999) n) g ON c.phone = g.p",
];

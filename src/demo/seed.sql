-- The demo shop: customers with personal data, and their orders. Card numbers are test numbers.
CREATE TABLE customers (
  id serial PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  phone text,
  card_number text,
  city text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id serial PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customers(id),
  total numeric(10, 2) NOT NULL,
  status text NOT NULL DEFAULT 'new',
  note text,
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO customers (name, email, phone, card_number, city) VALUES
  ('Ada Lovelace', 'ada@example.com', '+44 20 7946 0958', '4111 1111 1111 1111', 'London'),
  ('Grace Hopper', 'grace.hopper@example.org', '+1 202 555 0143', '5555-5555-5555-4444', 'Arlington'),
  ('Alan Turing', 'alan@example.net', '+44 161 496 0321', '3782 822463 10005', 'Manchester'),
  ('Katherine Johnson', 'kj@example.com', '+1 757 555 0187', '6011 1111 1111 1117', 'Hampton'),
  ('Edsger Dijkstra', 'edsger@example.nl', '+31 20 555 0199', '4012888888881881', 'Amsterdam');

INSERT INTO orders (customer_id, total, status, note) VALUES
  (1, 120.50, 'shipped', 'gift wrap'),
  (1, 35.00, 'new', NULL),
  (2, 999.99, 'paid', 'call +1 202 555 0143 before delivery'),
  (3, 12.00, 'cancelled', 'customer wrote from alan@example.net'),
  (4, 250.00, 'shipped', NULL),
  (5, 78.25, 'new', 'leave at the door');

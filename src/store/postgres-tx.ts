// One transaction on one pooled connection. A connection whose ROLLBACK fails is broken, so it is
// destroyed rather than handed back to the pool for the next caller.
import type pg from 'pg';

const whileLeased = (): void => undefined;

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // pg-pool listens for errors on idle clients only: a connection that dies while this transaction
  // holds it (the store's server or the network gone) would emit an unhandled 'error' and take the
  // whole process down. The failed query reports the death.
  client.on('error', whileLeased);
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    throw error;
  } finally {
    client.removeListener('error', whileLeased);
    client.release(broken);
  }
}

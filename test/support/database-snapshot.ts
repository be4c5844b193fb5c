import { Pool } from 'pg';

/**
 * A copy of every table (TypeORM's migration list aside) and sequence of the test database,
 * kept in a schema beside it; `restore()` puts the database back to that state, so a spec can
 * run many state-changing requests, each on the same data. Tables added later are included.
 */
export interface DatabaseSnapshot {
  restore(): Promise<void>;
}

const SCHEMA = 'spec_snapshot';
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function snapshotDatabase(db: Pool): Promise<DatabaseSnapshot> {
  const { rows: tables } = await db.query<{ name: string; columns: string[] }>(
    `SELECT t.table_name AS name,
            array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
       FROM information_schema.tables t
       JOIN information_schema.columns c
         ON c.table_schema = t.table_schema AND c.table_name = t.table_name
      WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND t.table_name <> 'typeorm_migrations' AND c.is_generated = 'NEVER'
      GROUP BY t.table_name ORDER BY t.table_name`,
  );
  const { rows: sequences } = await db.query<{ name: string; last_value: string | null }>(
    `SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) AS name, last_value::text
       FROM pg_sequences WHERE schemaname = 'public'`,
  );
  await db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`);
  for (const table of tables) {
    await db.query(
      `CREATE TABLE ${SCHEMA}.${quote(table.name)} AS SELECT * FROM public.${quote(table.name)}`,
    );
  }
  return {
    restore: async () => {
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        // Foreign keys are not checked while copying back (the rows were consistent when taken),
        // and audit_log's append-only trigger lets this TRUNCATE through: no trigger fires.
        await client.query(`SET LOCAL session_replication_role = replica`);
        await client.query(
          `TRUNCATE ${tables.map((table) => `public.${quote(table.name)}`).join(', ')} CASCADE`,
        );
        for (const table of tables) {
          const columns = table.columns.map(quote).join(', ');
          await client.query(
            `INSERT INTO public.${quote(table.name)} (${columns}) OVERRIDING SYSTEM VALUE
             SELECT ${columns} FROM ${SCHEMA}.${quote(table.name)}`,
          );
        }
        for (const sequence of sequences) {
          await client.query(`SELECT setval($1, $2, $3)`, [
            sequence.name,
            sequence.last_value ?? 1,
            sequence.last_value !== null,
          ]);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

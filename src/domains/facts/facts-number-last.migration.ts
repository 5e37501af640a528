import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely'

/**
 * On PostgreSQL, the facts a transaction writes with provisional numbers (negative, see
 * `provisionalSeq` in facts.service.ts) get their real numbers at its commit, from a constraint
 * trigger deferred to the end of the transaction (decision 0208, amended): the node's counter row
 * is then locked only inside the commit, never across a round trip to a server whose event loop
 * may be busy with other requests. The first provisional row of the transaction to fire numbers
 * all of them, in the order they were written; the others find theirs numbered. Rows taken back by
 * a savepoint never fire. SQLite numbers each fact as it is written and has no trigger.
 */
export const factsNumberLastMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return
    await sql`create or replace function facts_number_last() returns trigger language plpgsql as $$
      declare
        kept bigint;
        top bigint;
      begin
        if not exists (select 1 from facts where id = new.id and seq < 0) then
          return null;
        end if;
        select count(*) into kept from facts where origin_node = new.origin_node and seq < 0;
        insert into counters (name, value) values ('facts:' || new.origin_node, kept)
          on conflict (name) do update set value = counters.value + excluded.value
          returning value into top;
        update facts set seq = top - kept + k.n
          from (select id, row_number() over (order by seq) as n
                from facts where origin_node = new.origin_node and seq < 0) as k
          where facts.id = k.id;
        return null;
      end
    $$`.execute(db)
    await sql`create constraint trigger facts_number_last after insert on facts
      deferrable initially deferred for each row when (new.seq < 0)
      execute function facts_number_last()`.execute(db)
  },
}

/**
 * A `pg` pool for Kysely whose connections also run COPY … FROM STDIN (see ../copy-rows.ts): the
 * statement arrives with its data as the only parameter and is streamed with pg-copy-streams on
 * the same connection, so it takes part in the transaction that connection is in.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { COPY_FROM_STDIN } from '../repositories/sql/copy-rows';
import type pg from 'pg';

export class CopyAwarePgPool {
  constructor(readonly pool: pg.Pool) {}

  async connect() {
    const client = await this.pool.connect();
    // While a connection is held (between a transaction's statements, say), pg reports its loss
    // only as an 'error' event, which the pool listens for on idle connections alone: unheard, it
    // would end the process. Heard here, the next statement fails (503) and the connection is dropped.
    let lost: Error | undefined;
    const onLost = (error: Error) => {
      lost = error;
    };
    client.on('error', onLost);
    return {
      query: async (text: string, parameters: readonly unknown[]) => {
        if (COPY_FROM_STDIN.test(text) && parameters.length === 1 && typeof parameters[0] === 'string') {
          const stream = client.query(copyFrom(text));
          await pipeline(Readable.from([parameters[0]]), stream);
          return { command: 'COPY', rowCount: stream.rowCount, rows: [] };
        }
        return client.query(text, [...parameters]);
      },
      release: (destroy?: boolean) => {
        client.removeListener('error', onLost);
        client.release(lost ?? destroy);
      },
    };
  }

  end() {
    return this.pool.end();
  }
}

import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Executor } from './client';

/**
 * `COPY … FROM` into a table inside the caller's transaction, fed with lines of PostgreSQL's text format
 * (`copyLine`). On PostgreSQL the rows stream through pg-copy-streams on the transaction's own connection,
 * with back-pressure, so memory stays flat whatever the size. PGlite has no COPY FROM STDIN; it reads a
 * blob as `/dev/blob`, so the rows go in pieces of a few megabytes, one COPY per piece, in the same
 * transaction.
 */
export type CopySink = {
  write(line: string): Promise<void>;
  /** Sends what is left and waits for the server to take it. */
  end(): Promise<void>;
  /**
   * Gives up (the caller's transaction is about to roll back). On PostgreSQL this sends CopyFail: a
   * connection left in the middle of a COPY would hold the rollback behind it for ever.
   */
  abort(): Promise<void>;
};

/** The raw connection drizzle runs this executor's statements on (the one `prepared.ts` binds to). */
const rawClient = (tx: Executor): unknown =>
  (tx as unknown as { session: { client: unknown } }).session.client;

const PIECE_CHARS = 4 * 1024 * 1024;
const WRITE_CHARS = 256 * 1024;

export function openCopy(tx: Executor, kind: 'pglite' | 'postgres', target: string): CopySink {
  const client = rawClient(tx);
  let pending: string[] = [];
  let size = 0;
  if (kind === 'pglite') {
    const lite = client as {
      query(q: string, p: unknown[], o: { blob: Blob }): Promise<unknown>;
    };
    const flush = async () => {
      if (!size) return;
      const blob = new Blob(pending);
      pending = [];
      size = 0;
      await lite.query(`copy ${target} from '/dev/blob'`, [], { blob });
    };
    return {
      async write(line) {
        pending.push(line);
        size += line.length;
        if (size >= PIECE_CHARS) await flush();
      },
      end: flush,
      async abort() {
        pending = [];
        size = 0;
      },
    };
  }
  const stream = (client as pg.PoolClient).query(copyFrom(`copy ${target} from stdin`));
  let failure: Error | null = null;
  stream.on('error', (e) => {
    failure = e;
  });
  const send = async () => {
    if (failure) throw failure;
    const chunk = pending.join('');
    pending = [];
    size = 0;
    if (!stream.write(chunk)) await once(stream, 'drain');
    if (failure) throw failure;
  };
  return {
    async write(line) {
      pending.push(line);
      size += line.length;
      if (size >= WRITE_CHARS) await send();
    },
    async end() {
      if (size) await send();
      stream.end();
      await finished(stream);
      if (failure) throw failure;
    },
    async abort() {
      if (stream.writableFinished || stream.destroyed) return;
      stream.destroy(new Error('导入已取消'));
      await finished(stream).catch(() => undefined);
    },
  };
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One row in COPY's text format: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(values: readonly (string | number | boolean | null)[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) out += '\t';
    if (v === null) out += '\\N';
    else if (typeof v === 'string') out += SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : v;
    else out += String(v);
  }
  return `${out}\n`;
}

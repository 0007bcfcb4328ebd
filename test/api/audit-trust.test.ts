import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { sm2 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { AuditSealer, type ChainReport, rowHash, verifyAuditChain } from '../../src/server/audit/audit-log';
import { checkpointText } from '../../src/server/audit/checkpoint';
import { describeChainReport } from '../../src/server/audit/report';
import { queryRows } from '../../src/server/db/client';
import { createTestApp, type TestApp } from '../helpers/app';
import { TEST_DATA_KEY } from '../helpers/database';

const dir = mkdtempSync(join(tmpdir(), 'xyp-audit-'));
const forgedApp = await createTestApp({ config: { auditCheckpointFile: join(dir, 'forged.jsonl') } });
const cutApp = await createTestApp({ config: { auditCheckpointFile: join(dir, 'cut.jsonl') } });

// Logged in once: each login is an audit row, which would move the chain's head between two checks.
const auditors = new Map<TestApp, Awaited<ReturnType<TestApp['login']>>>([
  [forgedApp, await forgedApp.login('auditor')],
  [cutApp, await cutApp.login('auditor')],
]);
const verifyByApi = async (t: TestApp): Promise<ChainReport> => {
  const res = await t.call(auditors.get(t)!, { method: 'GET', url: '/api/audit/verify' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/**
 * `npm run audit:verify` itself where another process can reach the test database (PostgreSQL); on
 * PGlite, whose database lives in this process, the function it prints.
 */
const verifyByCli = async (t: TestApp, file: string): Promise<{ ok: boolean; text: string }> => {
  if (t.database.kind === 'postgres') {
    const run = spawnSync('npx', ['tsx', 'src/cli/audit-verify.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: t.database.pool!.options.connectionString!,
        DATA_KEY: TEST_DATA_KEY,
        AUDIT_CHECKPOINT_FILE: file,
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { ok: run.status === 0, text: `${run.stdout}${run.stderr}` };
  }
  const { ok, lines } = describeChainReport(
    await verifyAuditChain(t.database.db, t.app.deps.crypto, { checkpointFile: file }),
  );
  return { ok, text: lines.join('\n') };
};

const insertBySql = (t: TestApp, action: string, mac: string | null = null) =>
  queryRows<{ id: number }>(
    t.database.db,
    sql`insert into audit_log (at, actor_kind, actor_name, action, target_type, target_id, after, nonce, mac)
        values (now(), 'staff', '赵敏', ${action}, 'application', 'x', '{"approved": true}'::jsonb,
                ${mac ? 'n-1' : null}, ${mac})
        returning id::int`,
  );

describe('a row inserted by SQL', () => {
  const t = forgedApp;

  it('is flagged, never chained, recorded as a finding, and reported by the API and the command', async () => {
    expect((await verifyByApi(t)).ok).toBe(true);
    const [plain] = await insertBySql(t, 'application.decide');
    const [wrongMac] = await insertBySql(t, 'application.decide', 'ab'.repeat(32));
    const report = await verifyByApi(t);
    expect(report).toMatchObject({ ok: false, firstProblem: null, flaggedRows: 2 });
    expect(report.findings.map((f) => f.rowId)).toEqual([String(plain!.id), String(wrongMac!.id)]);
    expect(report.findings[0]!.message).toContain('没有校验码');
    expect(report.findings[1]!.message).toContain('校验码不符');
    const rows = await queryRows<{ id: number; seq: number | null; flagged: boolean }>(
      t.database.db,
      sql`select id::int, seq::int, flagged_at is not null as flagged from audit_log
          where id in (${plain!.id}, ${wrongMac!.id}) order by id`,
    );
    expect(rows).toEqual([
      { id: plain!.id, seq: null, flagged: true },
      { id: wrongMac!.id, seq: null, flagged: true },
    ]);
    // The finding keeps the row as it was found, in the chain: deleting the row does not remove it.
    await t.database.db.execute(sql`delete from audit_log where id = ${plain!.id}`);
    const [finding] = await queryRows<{ after: { row: { action: string } } }>(
      t.database.db,
      sql`select after from audit_log where action = 'audit.forged_row' and target_id = ${String(plain!.id)}`,
    );
    expect(finding!.after.row.action).toBe('application.decide');
    expect((await verifyByApi(t)).findings).toHaveLength(2);

    const cli = await verifyByCli(t, join(dir, 'forged.jsonl'));
    expect(cli.ok).toBe(false);
    expect(cli.text).toContain('非本系统写入');
  });

  it('copying a genuine row (its nonce and MAC) is refused by the database', async () => {
    // 23505: the unique index on the MAC, not any failure of the statement.
    await expect(
      t.database.db.execute(
        sql`insert into audit_log (at, actor_kind, action, target_type, nonce, mac)
            select at, actor_kind, action, target_type, nonce, mac from audit_log where mac is not null limit 1`,
      ),
    ).rejects.toMatchObject({ cause: { code: '23505' } });
  });

  it('a row forged straight into the chain (hashes recomputed, no key) is named by its sequence number', async () => {
    const [last] = await queryRows<{ seq: number; hash: string }>(
      t.database.db,
      sql`select seq::int, hash from audit_log where seq is not null order by seq desc limit 1`,
    );
    const seq = last!.seq + 1;
    const at = new Date('2026-11-23T03:00:00.000Z');
    const body = {
      at,
      actorKind: 'staff',
      actorId: null,
      actorName: '赵敏',
      departmentId: null,
      action: 'application.decide',
      targetType: 'application',
      targetId: 'y',
      before: null,
      after: { approved: true },
      requestId: null,
    };
    const hash = rowHash({ ...body, seq, prevHash: last!.hash, nonce: null, mac: null, flaggedAt: null });
    await t.database.db.execute(
      sql`insert into audit_log (seq, prev_hash, hash, at, actor_kind, actor_name, action, target_type, target_id, after)
          values (${seq}, ${last!.hash}, ${hash}, ${at.toISOString()}, 'staff', '赵敏', 'application.decide',
                  'application', 'y', '{"approved": true}'::jsonb)`,
    );
    const report = await verifyByApi(t);
    expect(report.firstProblem).toMatchObject({ seq, problem: 'forged' });
    expect(report.firstProblem!.message).toContain('不是由本系统写入');
  });
});

describe('a chain cut short', () => {
  const t = cutApp;
  const file = join(dir, 'cut.jsonl');

  it('is reported against the last signed checkpoint, which is kept in a file and pushed', async () => {
    // Rows from a few logins, then the sealer seals and signs the head.
    for (let i = 0; i < 3; i++) await t.login('auditor');
    const errors: unknown[] = [];
    const sealer = new AuditSealer(t.database.db, t.app.deps.crypto, (e) => errors.push(e), {
      file,
      everyMs: 1,
    });
    sealer.start(5);
    await expect
      .poll(() => readFileSync(file, 'utf8').trim().split('\n').length >= 1, { timeout: 20_000 })
      .toBe(true);
    await sealer.stop();
    expect(errors).toEqual([]);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const last = JSON.parse(lines.at(-1)!);
    const [head] = await queryRows<{ seq: number; hash: string }>(
      t.database.db,
      sql`select seq::int, hash from audit_log where seq is not null order by seq desc limit 1`,
    );
    expect(last).toMatchObject({ seq: head!.seq, hash: head!.hash });
    // Anyone holding the public key checks it with any SM2 implementation.
    expect(sm2.doVerifySignature(checkpointText(last), last.signature, last.publicKey, { hash: true })).toBe(
      true,
    );
    const [pushed] = await queryRows<{ payload: { seq: number; signature: string } }>(
      t.database.db,
      sql`select payload from outbox_message where topic = 'audit_checkpoint' order by seq desc limit 1`,
    );
    expect(pushed!.payload).toMatchObject({ seq: last.seq, signature: last.signature });

    const whole = await verifyByApi(t);
    expect(whole).toMatchObject({ ok: true, firstProblem: null, lastSeq: head!.seq });
    expect(whole.checkpoint).toMatchObject({ count: lines.length, last: { seq: head!.seq }, problems: [] });
    expect(whole.checkpointKey).toBe(last.publicKey);

    // The newest three sealed rows deleted by SQL: the chain that is left is whole, but shorter.
    await t.database.db.execute(sql`delete from audit_log where seq > ${head!.seq - 3}`);
    const cut = await verifyByApi(t);
    expect(cut).toMatchObject({ ok: false, lastSeq: head!.seq - 3, firstProblem: { problem: 'truncated' } });
    expect(cut.firstProblem!.message).toContain(`记录到第${head!.seq}条，数据库中只到第${head!.seq - 3}条`);
    const cli = await verifyByCli(t, file);
    expect(cli.ok).toBe(false);
    expect(cli.text).toContain('末尾被截断');

    // Rows sealed since fill the numbers again; the row now at the checkpoint's number is not the one signed.
    for (let i = 0; i < 4; i++) await t.login('auditor');
    const refilled = await verifyByApi(t);
    expect(refilled.firstProblem).toMatchObject({ seq: head!.seq, problem: 'checkpoint_mismatch' });
  });

  it('a checkpoint line not signed by this installation is reported', async () => {
    const forgedFile = join(dir, 'forged-checkpoints.jsonl');
    const line = JSON.parse(readFileSync(file, 'utf8').trim().split('\n')[0]!);
    writeFileSync(forgedFile, `${JSON.stringify({ ...line, seq: 1 })}\nnot json\n`);
    const report = await verifyAuditChain(t.database.db, t.app.deps.crypto, { checkpointFile: forgedFile });
    expect(report.ok).toBe(false);
    expect(report.checkpoint.problems).toEqual([
      expect.stringContaining('签名无效'),
      expect.stringContaining('无法解析'),
    ]);
  });
});

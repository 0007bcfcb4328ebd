import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { creditGrade, creditRecord, creditSubject } from '../../src/server/db/schema';
import {
  findApplication,
  findApplicationWithFiles,
  findFiles,
  findSigningKey,
} from '../../src/server/modules/applications/repository';
import {
  findSubjectByResidentHash,
  findSubjectByUscc,
  findSubjectFile,
  latestGrades,
  recordsOfSubject,
} from '../../src/server/modules/credit/repository';
import { createTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/database';
import { upload } from '../helpers/files';
import { ensureSigningKey } from '../helpers/signing';

const t = useTestDatabase();

const subject = (kind: 'enterprise' | 'individual') => {
  const id = randomUUID();
  return kind === 'enterprise'
    ? {
        id,
        kind,
        name: '某某运输有限公司',
        uscc: `91150626${id.slice(0, 10).toUpperCase()}`,
        createdAt: new Date(),
      }
    : {
        id,
        kind,
        name: '张某',
        residentIdEnc: 'sealed',
        residentIdHash: `h-${id}`,
        residentIdMasked: '150626********0012',
        createdAt: new Date(),
      };
};

const record = (
  subjectId: string,
  decidedOn: string,
  extra: Partial<typeof creditRecord.$inferInsert> = {},
) => ({
  id: randomUUID(),
  subjectId,
  kind: 'administrative_penalty' as const,
  severity: 'general' as const,
  authority: '乌审旗交通运输局',
  decidedOn,
  summary: `行政处罚 ${decidedOn}`,
  penaltyFulfilled: null,
  source: 'local' as const,
  published: true,
  status: 'active' as const,
  createdAt: new Date('2026-03-01T08:09:10.123Z'),
  updatedAt: new Date('2026-03-02T08:09:10.456Z'),
  ...extra,
});

const grade = (subjectId: string, scale: string, value: string, gradedOn: string, createdAt: Date) => ({
  id: randomUUID(),
  subjectId,
  scale,
  value,
  source: '本地评价',
  gradedOn,
  createdAt,
});

describe('a subject with its credit file in one read', () => {
  it('returns the same subject, records and newest grades as the three separate reads', async () => {
    const db = t.database.db;
    const firm = subject('enterprise');
    const person = subject('individual');
    const other = subject('enterprise');
    await db.insert(creditSubject).values([firm, person, other]);
    await db.insert(creditRecord).values([
      record(firm.id, '2025-06-01', { penaltyFulfilled: true, validUntil: '2026-06-01', sourceRef: 'X-1' }),
      record(firm.id, '2026-02-03', { kind: 'red_list', severity: 'minor' }),
      record(firm.id, '2026-02-03', {
        underObjection: true,
        eventKey: `k-${randomUUID()}`,
        applicationId: 'A1',
      }),
      record(person.id, '2024-01-01'),
      record(other.id, '2026-01-01'),
    ]);
    await db
      .insert(creditGrade)
      .values([
        grade(firm.id, 'national', 'B', '2025-01-01', new Date('2025-01-01T00:00:00Z')),
        grade(firm.id, 'national', 'A', '2026-01-01', new Date('2026-01-01T00:00:00Z')),
        grade(firm.id, 'local', 'good', '2026-01-01', new Date('2026-01-02T00:00:00.789Z')),
        grade(firm.id, 'local', 'fair', '2026-01-01', new Date('2026-01-01T00:00:00Z')),
        grade(other.id, 'national', 'D', '2026-05-01', new Date('2026-05-01T00:00:00Z')),
      ]);

    for (const [row, file] of [
      [await findSubjectByUscc(db, firm.uscc!), await findSubjectFile(db, 'uscc', firm.uscc!)],
      [
        await findSubjectByResidentHash(db, person.residentIdHash!),
        await findSubjectFile(db, 'residentHash', person.residentIdHash!),
      ],
    ] as const) {
      expect(file).toEqual({
        row,
        records: await recordsOfSubject(db, row!.id),
        grades: await latestGrades(db, [row!.id]),
      });
    }
    const firmFile = await findSubjectFile(db, 'uscc', firm.uscc!);
    expect(firmFile!.records).toHaveLength(3);
    expect(firmFile!.records[0]!.createdAt).toBeInstanceOf(Date);
    expect(firmFile!.grades.map((g) => `${g.scale}:${g.value}`).sort()).toEqual(['local:good', 'national:A']);
  });

  it('gives empty lists for a subject with no file, and nothing for an unknown code', async () => {
    const db = t.database.db;
    const bare = subject('enterprise');
    await db.insert(creditSubject).values(bare);
    expect(await findSubjectFile(db, 'uscc', bare.uscc!)).toEqual({
      row: await findSubjectByUscc(db, bare.uscc!),
      records: [],
      grades: [],
    });
    expect(await findSubjectFile(db, 'uscc', '91150626MA0000000X')).toBeUndefined();
  });
});

describe('an application with the files a submission names, in one read', async () => {
  const t = await createTestApp();
  const ent = await t.login('ent_demo');
  const person = await t.login('person_demo');

  it('returns the same application, files and bound key as the separate reads; files that do not exist are left out', async () => {
    const res = await t.call(ent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: 'WSQ-JTJ-001' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id: string = res.json().application.id;
    const ids = [await upload(t, ent, '申请表.pdf'), await upload(t, person, '他人的.pdf'), randomUUID()];
    const db = t.database.db;
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

    const found = await findApplicationWithFiles(db, id, ids);
    expect(found!.app).toEqual(await findApplication(db, id));
    expect(found!.files.sort(byId)).toEqual((await findFiles(db, ids)).sort(byId));
    expect(found!.files).toHaveLength(2);
    expect(found!.files[0]!.createdAt).toBeInstanceOf(Date);
    expect(typeof found!.files[0]!.size).toBe('number');
    // No key bound yet; then the one bound, and after a new one is bound (a lost PIN), only that one.
    expect(found!.publicKey).toBeNull();
    const first = await ensureSigningKey(t.call, ent);
    expect((await findApplicationWithFiles(db, id, []))!.publicKey).toBe(first);
    const replaced = await t.call(ent, {
      method: 'PUT',
      url: '/api/signing-key',
      payload: { publicKey: `04${'ab'.repeat(64)}` },
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const now = (await findSigningKey(db, found!.app.applicantUserId!))!.publicKey;
    expect(now).not.toBe(first);

    expect(await findApplicationWithFiles(db, id, [])).toEqual({
      app: found!.app,
      files: [],
      publicKey: now,
    });
    expect(await findApplicationWithFiles(db, randomUUID(), ids)).toBeUndefined();
  });
});

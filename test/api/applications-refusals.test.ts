import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { maskPersonName, maskResidentId } from '../../src/domain/codes';
import { demoApplicants } from '../../src/server/bootstrap';
import { queryRows } from '../../src/server/db/client';
import { createTestApp, type Session } from '../helpers/app';
import { itemInRegion, publish } from '../helpers/credit';
import { PDF } from '../helpers/files';

const t = await createTestApp();
const ent = await t.login('ent_demo');
const person = await t.login('person_demo');
const clerk = await t.login('clerk');

const uploadRaw = (s: Session, content: Buffer, name: string) =>
  t.call(s, {
    method: 'POST',
    url: '/api/files',
    headers: { 'content-type': 'application/pdf', 'x-file-name': name },
    payload: content,
  });

async function file(s: Session): Promise<string> {
  const res = await uploadRaw(s, PDF, 'm.pdf');
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const fileCount = async () =>
  (
    await t.call(await t.login('auditor'), { method: 'GET', url: '/api/audit?targetType=file&pageSize=1' })
  ).json().total as number;

const open = (s: Session, payload: Record<string, unknown>) =>
  t.call(s, { method: 'POST', url: '/api/applications', payload });

describe('uploads refused whole', () => {
  it('an empty file, one over 10MB, a name that is not URL-encoded; nothing is stored', async () => {
    const before = await fileCount();
    const empty = await uploadRaw(ent, Buffer.alloc(0), 'a.pdf');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('文件为空');

    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await uploadRaw(ent, big, 'a.pdf');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().message).toMatch(/[\u4e00-\u9fa5]/);

    const badName = await uploadRaw(ent, PDF, '%E4%B8');
    expect(badName.statusCode).toBe(400);
    expect(badName.json().message).toContain('URL 编码');
    expect(await fileCount()).toBe(before);

    // Control characters and path separators never reach the stored name.
    const ok = await uploadRaw(ent, PDF, encodeURIComponent('..\\..\\营业执照\u0007.pdf'));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().name).toBe('....营业执照.pdf');
  });
});

describe('starting an application refused', () => {
  it('a counter case needs the applicant, with a valid code; nothing is written', async () => {
    const before = (await t.call(clerk, { method: 'GET', url: '/api/applications?pageSize=1' })).json()
      .total as number;
    const noSubject = await open(clerk, { itemCode: 'WSQ-ZWFW-001' });
    expect(noSubject.statusCode).toBe(400);
    expect(noSubject.json().message).toContain('窗口办件须填写申请人');

    const badUscc = await open(clerk, {
      itemCode: 'WSQ-ZWFW-001',
      subject: { kind: 'enterprise', code: '91150626MA0N8K2Q0X', name: '某公司' },
    });
    expect(badUscc.statusCode).toBe(400);
    expect(badUscc.json().message).toContain('统一社会信用代码');

    const badId = await open(clerk, {
      itemCode: 'WSQ-RSJ-003',
      subject: { kind: 'individual', code: '150626199003081522', name: '某人' },
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().message).toContain('公民身份号码');
    expect((await t.call(clerk, { method: 'GET', url: '/api/applications?pageSize=1' })).json().total).toBe(
      before,
    );
  });
});

describe('withdrawal', () => {
  it('is refused where the item does not allow it, and the case is unchanged', async () => {
    const versionId = await itemInRegion(t, 'NOWD', '150626', { withdrawalAllowed: false });
    await publish(t, versionId);
    const started = await open(ent, { itemCode: 'IT-NOWD' });
    expect(started.statusCode, started.body).toBe(201);
    const a = started.json().application;
    const res = await t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/withdraw`, payload: {} });
    expect(res.statusCode).toBe(412);
    expect(res.json().message).toContain('撤回');
    const after = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}` })).json();
    expect(after).toMatchObject({ status: 'draft', version: a.version });
  });
});

describe('published commitments', () => {
  it('show a person’s letter to the public with the name and resident ID masked; unpublished ones not at all', async () => {
    const { name, residentId } = demoApplicants.individual;
    const decide = async (publishCommitment: boolean) => {
      const started = await open(person, { itemCode: 'WSQ-RSJ-003' });
      expect(started.statusCode, started.body).toBe(201);
      const a = started.json().application;
      const res = await t.call(person, {
        method: 'POST',
        url: `/api/applications/${a.id}/submit`,
        payload: {
          mode: 'certificate_commitment',
          materials: [{ name: '就业困难人员认定申请表', fileId: await file(person) }],
          commit: true,
          publishCommitment,
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe('approved');
      return { number: res.json().number as string, id: a.id as string };
    };
    const { number: shown, id } = await decide(true);
    const { number: hidden } = await decide(false);
    // The decision goes to every subscriber of its topic: a person's number is masked there too.
    const [decision] = await queryRows<{ payload: { subjectCode: string } }>(
      t.database.db,
      sql`select payload from outbox_message where topic = 'decision' and aggregate_id = ${id}`,
    );
    expect(decision!.payload.subjectCode).toBe(maskResidentId(residentId));
    const list = await t.call(null, { method: 'GET', url: '/api/public/commitments?pageSize=100' });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { applicationNumber: string; committerName: string; text: string }[];
    const mine = items.find((i) => i.applicationNumber === shown);
    expect(mine).toBeDefined();
    expect(mine!.committerName).toBe(maskPersonName(name));
    expect(mine!.text).toContain(maskResidentId(residentId));
    expect(mine!.text).not.toContain(residentId);
    expect(mine!.text).not.toContain(name);
    expect(JSON.stringify(items)).not.toContain(residentId);
    expect(items.some((i) => i.applicationNumber === hidden)).toBe(false);
  });
});

describe('a department registered without its 统一社会信用代码', () => {
  it('still decides a commitment case at once; the pushed commitment names the missing item', async () => {
    await publish(t, await itemInRegion(t, 'NOUSCC', '150626'));
    const started = await open(ent, { itemCode: 'IT-NOUSCC' });
    expect(started.statusCode, started.body).toBe(201);
    const a = started.json().application;
    const materials = [];
    for (const name of ['人力资源服务许可申请书', '工作规则和管理制度', '专职工作人员名单及学历证明']) {
      materials.push({ name, fileId: await file(ent) });
    }
    const res = await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: { mode: 'license_commitment', materials, commit: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('approved');
    const [pushed] = await queryRows<{ payload: Record<string, unknown> }>(
      t.database.db,
      sql`select payload from outbox_message where topic = 'commitment' and aggregate_id = ${a.id}`,
    );
    expect(pushed!.payload.承诺编码).toMatch(/^150626\d{14}$/);
    expect(String(pushed!.payload.数据项问题)).toContain('承诺受理单位代码');
  });
});

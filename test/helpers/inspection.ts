import { expect } from 'vitest';
import { completeResidentId, completeUscc } from '../../src/domain/codes';
import { createTestApp, type Session } from './app';

/**
 * The inspection tests' app on Monday 23 November 2026, the supervision department with four inspectors,
 * and a candidate list of 28 enterprises graded A–C and two persons (whose IDs the public must never see).
 */
export async function inspectionScene() {
  const t = await createTestApp({ now: '2026-11-23T02:00:00Z' });
  const admin = await t.login('sysadmin');
  const supervisor = await t.login('supervisor');
  const inspector = await t.login('inspector');
  const me = async (s: Session) =>
    (await t.call(s, { method: 'GET', url: '/api/me' })).json() as { id: string; departmentId: string };
  const sup = await me(supervisor);
  const insp1 = await me(inspector);
  const insp2 = await me(await t.login('inspector2'));
  for (const [username, displayName] of [
    ['inspector3', '马建军'],
    ['inspector4', '刘春花'],
  ]) {
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/accounts',
      payload: {
        username,
        password: 'Xinyipi2026!pw',
        displayName,
        departmentId: sup.departmentId,
        roles: ['inspector'],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const staff = (
    await t.call(admin, { method: 'GET', url: `/api/departments/${sup.departmentId}/staff` })
  ).json();
  const staffList = (staff.items ?? staff) as { id: string; username: string }[];
  const insp3 = staffList.find((s) => s.username === 'inspector3')!;

  const persons = [completeResidentId('15062619850317002'), completeResidentId('15062619900101003')];
  const candidates = [
    ...Array.from({ length: 28 }, (_, i) => ({
      kind: 'enterprise',
      code: completeUscc('91150626', `MA${String(i).padStart(6, '0')}`),
      name: `乌审旗第${i + 1}食品店有限公司`,
      grade: ['A', 'B', 'C'][i % 3]!,
    })),
    { kind: 'individual', code: persons[0]!, name: '白音其其格', grade: 'C' },
    { kind: 'individual', code: persons[1]!, name: '乌力吉图', grade: 'C' },
  ];
  const conflicts = candidates
    .filter((_, i) => i % 2 === 0)
    .map((c) => ({ inspectorId: insp1.id, subjectCode: c.code, reason: '近亲属在该企业任职' }));

  const planBody = (over: object = {}) => ({
    name: '2026年第四季度食品经营者双随机抽查',
    scope: { description: '食品经营许可告知承诺事项', subjectKinds: ['enterprise', 'individual'] },
    ratios: { A: 10, B: 20, C: 50 },
    periodStart: '2026-11-23',
    periodEnd: '2026-12-31',
    inspectorsPerInspection: 2,
    candidates,
    conflicts,
    ...over,
  });

  return { t, admin, supervisor, inspector, insp1, insp2, insp3, persons, candidates, conflicts, planBody };
}

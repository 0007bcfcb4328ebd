import { describe, expect, it } from 'vitest';
import type { Session } from '../helpers/app';
import { applicationsScene, CLINIC } from '../helpers/applications';
import { withStatutoryHolidays } from '../helpers/calendar';
import { uploadMaterials } from '../helpers/files';

const { t, ent, clerk, approver, approverFgw, start } = await applicationsScene();

describe('applications', () => {
  it('standard procedure: accept → review → approve within the legal time limit; a second decision is refused', async () => {
    const a = (await start(ent, CLINIC)).application;
    const payload = {
      mode: 'standard',
      materials: await uploadMaterials(t, ent, [
        '医疗机构执业登记申请书',
        '医疗机构用房产权证明或使用证明',
        '医疗机构规章制度',
      ]),
      commit: false,
    };
    const submit = () => t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/submit`, payload });
    // 45 working days run into 2027, whose holidays are not loaded yet: accepted all the same, the
    // deadline reckoned from the statutory holidays and marked so.
    const noYear = await submit();
    expect(noYear.statusCode, noYear.body).toBe(200);
    const sub = noYear.json();
    expect(sub.status).toBe('submitted');
    expect(sub.legalDeadline).toBe('2027-01-26'); // 45 working days after 2026-11-23, over New Year's Day
    expect(sub.deadlinesProvisional).toBe(true);
    expect(sub.deadlineNote).toContain('暂按法定节假日计算');
    const sysadmin = await t.login('sysadmin');
    const load = await t.call(sysadmin, {
      method: 'PUT',
      url: '/api/calendar/years/2027',
      payload: withStatutoryHolidays(2027, {
        notice: '国务院办公厅关于2027年部分节假日安排的通知',
        holidays: [{ date: '2027-01-01', name: '元旦' }],
        workdays: [],
      }),
    });
    expect(load.statusCode, load.body).toBe(200);
    const loaded = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}` })).json();
    expect(loaded).toMatchObject({
      legalDeadline: '2027-01-26',
      deadlinesProvisional: false,
      deadlineNote: null,
    });
    const act = (s: Session, step: string, payload: Record<string, unknown> = {}) =>
      t.call(s, { method: 'POST', url: `/api/applications/${a.id}/${step}`, payload });
    expect((await act(ent, 'accept')).statusCode).toBe(403);
    expect((await act(approver, 'review')).statusCode).toBe(409);
    expect((await act(clerk, 'accept')).json().status).toBe('accepted');
    expect((await act(clerk, 'review')).statusCode).toBe(403);
    expect((await act(approverFgw, 'review')).statusCode).toBe(404);
    const reviewed = await act(approver, 'review', { comment: '材料齐全，符合条件' });
    expect(reviewed.json().status).toBe('reviewed');
    const stale = await act(approver, 'approve', { version: 2 });
    expect(stale.statusCode).toBe(409);
    // Two deciders at once are in applications-races.pg.test.ts (they overlap only on PostgreSQL).
    const first = await act(approver, 'approve');
    expect(first.statusCode, first.body).toBe(200);
    const again = await act(approver, 'approve');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_TRANSITION');
    const won = first.json();
    expect(won.status).toBe('approved');
    expect(won.license).not.toBeNull();
    const hist = (await t.call(ent, { method: 'GET', url: `/api/applications/${a.id}/history` })).json();
    expect(hist.items.map((e: { event: string }) => e.event)).toEqual([
      'create',
      'submit',
      'accept',
      'review',
      'approve',
    ]);
    const queue = (await t.call(approverFgw, { method: 'GET', url: '/api/applications' })).json();
    expect(queue.items.map((i: { id: string }) => i.id)).not.toContain(a.id);
    expect(queue.items.every((i: { departmentId: string }) => i.departmentId !== a.departmentId)).toBe(true);
  });

  it('rejecting needs a reason; withdrawal only before the decision', async () => {
    const a = (await start(ent, CLINIC)).application;
    await t.call(ent, {
      method: 'POST',
      url: `/api/applications/${a.id}/submit`,
      payload: {
        mode: 'standard',
        materials: await uploadMaterials(t, ent, [
          '医疗机构执业登记申请书',
          '医疗机构用房产权证明或使用证明',
          '医疗机构规章制度',
        ]),
        commit: false,
      },
    });
    expect(
      (await t.call(clerk, { method: 'POST', url: `/api/applications/${a.id}/reject`, payload: {} }))
        .statusCode,
    ).toBe(400);
    const w = await t.call(ent, { method: 'POST', url: `/api/applications/${a.id}/withdraw`, payload: {} });
    expect(w.json().status).toBe('withdrawn');
    const b = (await start(ent, CLINIC)).application;
    const r = await t.call(approver, {
      method: 'POST',
      url: `/api/applications/${b.id}/reject`,
      payload: { comment: '未提交申请' },
    });
    expect(r.statusCode).toBe(409);
  });
});

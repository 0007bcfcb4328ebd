import { describe, expect, it } from 'vitest';
import { catalogScene, sampleContent } from '../helpers/catalog';

const { admin, legal, clerk, approver, approverFgw, depts, post } = await catalogScene();

describe('drafting rights', () => {
  it('an approver drafts for its own department only; a clerk or the public cannot draft', async () => {
    const body = { code: 'T-FGW-1', departmentId: depts['WSQ-FGW'], ...sampleContent() };
    expect((await post(approver, '/api/catalog/items', body)).statusCode).toBe(403);
    expect((await post(clerk, '/api/catalog/items', body)).statusCode).toBe(403);
    expect((await post(legal, '/api/catalog/items', body)).statusCode).toBe(403);
    expect((await post(null, '/api/catalog/items', body)).statusCode).toBe(401);
    expect((await post(approverFgw, '/api/catalog/items', body)).statusCode).toBe(201);
    // the service centre's catalog administrator drafts for any department
    expect((await post(admin, '/api/catalog/items', { ...body, code: 'T-FGW-2' })).statusCode).toBe(201);
  });

  it('refuses a supervising department as the approving one', async () => {
    const res = await post(admin, '/api/catalog/items', {
      code: 'T-BAD-DEPT',
      departmentId: depts['WSQ-SCJGJ'],
      ...sampleContent(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('不是审批部门');
  });

  it('refuses a duplicate code', async () => {
    const res = await post(admin, '/api/catalog/items', {
      code: 'WSQ-WJW-001',
      departmentId: depts['WSQ-WJW'],
      ...sampleContent(),
    });
    expect(res.statusCode).toBe(409);
  });
});

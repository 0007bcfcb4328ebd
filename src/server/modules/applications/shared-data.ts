import type { SubjectRef } from '../credit/port';

/**
 * Materials the department obtains itself, from shared data or electronic licenses (电子证照), so the
 * applicant is never asked for them (000, 003). A real adapter calls the data-sharing platform; the
 * default records that the department is to fetch the material, and tests use a fake.
 */
export type SharedDataResult = { found: boolean; source: string; reference: string | null };

export type SharedDataAdapter = {
  fetch(subject: SubjectRef, materialName: string): Promise<SharedDataResult>;
};

export const departmentFetchesLater: SharedDataAdapter = {
  fetch: async () => ({ found: false, source: '由审批部门通过数据共享调取', reference: null }),
};

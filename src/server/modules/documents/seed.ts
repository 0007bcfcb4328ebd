import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { department, departmentDocumentSettings } from '../../db/schema';

/** The demo county's numbering: each department's usual abbreviation (乌交许准字〔2026〕第12号). */
const demoPatterns: Record<string, string> = {
  'WSQ-ZWFW': '乌政务{字}〔{年}〕第{号}号',
  'WSQ-FGW': '乌发改{字}〔{年}〕第{号}号',
  'WSQ-WJW': '乌卫许{字}〔{年}〕第{号}号',
  'WSQ-JTJ': '乌交许{字}〔{年}〕第{号}号',
  'WSQ-RSJ': '乌人社{字}〔{年}〕第{号}号',
  'WSQ-MZJ': '乌民政{字}〔{年}〕第{号}号',
  'WSQ-SCJGJ': '乌市监{字}〔{年}〕第{号}号',
  'WSQ-WSJD': '乌卫执{字}〔{年}〕第{号}号',
  'WSQ-XYZX': '乌信用{字}〔{年}〕第{号}号',
  'WSQ-SFJ': '乌司{字}〔{年}〕第{号}号',
};

export async function seedDocumentSettings(db: Executor, now: Date): Promise<void> {
  const rows = await db
    .select({ id: department.id, code: department.code })
    .from(department)
    .where(inArray(department.code, Object.keys(demoPatterns)));
  if (!rows.length) return;
  await db
    .insert(departmentDocumentSettings)
    .values(
      rows.map((r) => ({
        departmentId: r.id,
        numberPattern: demoPatterns[r.code]!,
        reviewAuthority: '乌审旗人民政府',
        court: '乌审旗人民法院',
        updatedAt: now,
        updatedBy: '演示数据',
      })),
    )
    .onConflictDoNothing();
}

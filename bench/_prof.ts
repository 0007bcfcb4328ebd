import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { completeUscc } from '../src/domain/codes';
import { migrateDatabase, seedCalendar } from '../src/server/bootstrap';
import { systemActor } from '../src/server/context';
import { openPglite, openPostgres } from '../src/server/db/client';
import { importRecords } from '../src/server/modules/credit/import-records';
import { openSheet } from '../src/server/modules/credit/import-sheet';
import { DataCrypto } from '../src/server/security/crypto';

const N = Number(process.env.N ?? 200000);
const ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const uscc = (i: number) => { let b=''; let n=i; for (let k=0;k<6;k++){b=ORG[n%31]+b;n=Math.floor(n/31);} return completeUscc('91321002', `BK${b}`); };
const lines = ['主体类型,主体代码,主体名称,记录类别,失信程度,认定机关,认定日期,事由,处罚是否履行,有效期至,来源编号'];
for (let i = 0; i < N; i++) lines.push(`企业及其他组织,${uscc(i % 50000)},批量企业${i % 50000},经营异常名录,一般,某局,${i === Math.floor(N / 2) ? "2026-04-31" : `2026-0${(i % 9) + 1}-1${i % 10}`},事由${i},,,P-${i}`);
writeFileSync('/tmp/imp/f.csv', lines.join('\n'));
const db = process.env.PG ? openPostgres(process.env.PG, 4) : await openPglite(null);
await migrateDatabase(db);
await seedCalendar(db.db, new Date());
const sheet = await openSheet('/tmp/imp/f.csv');
// read-only pass
let t = performance.now();
let n = 0; for await (const r of sheet.rows()) n++;
console.log('read only', n, (performance.now() - t).toFixed(0));
t = performance.now();
let last = t;
const res = await db.db.transaction((tx) => importRecords({ tx, actor: systemActor('p'), now: new Date('2026-11-23T02:00:00Z'), crypto: new DataCrypto('0123456789abcdef0123456789abcdef'), requestId: null, databaseKind: db.kind }, sheet, { source: 's', skipInvalid: false }, (p) => { if (p.phase !== 'reading' || p.rowsRead % 50000 === 0) { const x = performance.now(); console.log(p.phase, p.rowsRead, (x - last).toFixed(0)); last = x; } }));
console.log(res.added, res.alreadyPresent, (performance.now() - t).toFixed(0));
await db.close();

import { writeFileSync } from 'node:fs';
import { buildApp } from '../server/app';
import { testConfig } from '../server/config';
import { openPglite } from '../server/db/client';

/** Writes openapi.json from the route schemas; CI regenerates it and fails when the committed copy differs. */
const database = await openPglite(null);
const app = await buildApp({ config: testConfig(), database });
await app.ready();
writeFileSync('openapi.json', `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
await database.close();
console.log('已生成 openapi.json');

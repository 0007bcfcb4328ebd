import { expect, it } from 'vitest';
import { userAccount } from '../../src/server/db/schema';
import { findSigningKey, insertSigningKey } from '../../src/server/modules/applications/repository';
import { createCaches } from '../../src/server/runtime/caches';
import { useTestDatabase } from '../helpers/database';

const t = useTestDatabase();

it('keeps no copy of a signing key whose transaction rolled back, and keeps the one that committed', async () => {
  const reader = { db: t.database.db, caches: createCaches() };
  const [user] = await t.database.db.select({ id: userAccount.id }).from(userAccount).limit(1);
  const key = (publicKey: string) => ({
    userId: user!.id,
    publicKey,
    privateKeyEnc: `sealed-${publicKey}`,
    createdAt: new Date('2026-11-23T02:00:00Z'),
  });
  await expect(
    t.database.db.transaction(async (tx) => {
      expect((await insertSigningKey(tx, key('rolled-back'))).publicKey).toBe('rolled-back');
      throw new Error('undone');
    }),
  ).rejects.toThrow('undone');
  expect(await findSigningKey(reader, user!.id)).toBeUndefined();

  await t.database.db.transaction((tx) => insertSigningKey(tx, key('kept')));
  expect((await findSigningKey(reader, user!.id))?.publicKey).toBe('kept');
});

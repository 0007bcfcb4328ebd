import type { Executor } from '../../db/client';
import type { DataCrypto } from '../../security/crypto';
import { sealIdsIn, sealResidentId } from '../../security/personal-data';
import { sealPlanLists } from '../inspection/repository';
import {
  inspectionsWithClearPersons,
  markUpgradeDone,
  outboxWithDigitRuns,
  plansWithClearPersons,
  setInspectionCode,
  setOutboxPayload,
  setPlanLists,
  upgradeDone,
} from './repository';

const UPGRADE = 'seal-resident-ids (ADR 0019)';

/**
 * Seals the resident IDs that rows written before ADR 0019 hold in clear: persons in inspection plans'
 * lists and in drawn inspections, and IDs in outbox messages. Run at start-up after the migrations (the
 * data key is not in the database, so a SQL migration cannot do it). It scans the whole outbox, so it runs
 * once: its row in `data_upgrade` says it is done, since nothing written after it holds an ID in clear.
 * Audit rows are not rewritten: they are hash-chained, and no action ever audited a resident ID.
 */
export async function sealStoredResidentIds(db: Executor, crypto: DataCrypto) {
  const counts = { plans: 0, inspections: 0, messages: 0 };
  await db.transaction(async (tx) => {
    if (await upgradeDone(tx, UPGRADE)) return;
    for (const p of await plansWithClearPersons(tx)) {
      await setPlanLists(tx, p.id, sealPlanLists(crypto, p));
      counts.plans++;
    }
    for (const i of await inspectionsWithClearPersons(tx)) {
      const sealed = sealResidentId(crypto, i.code);
      await setInspectionCode(tx, i.id, {
        subjectCode: sealed.masked,
        subjectCodeEnc: sealed.enc,
        subjectCodeHash: sealed.hash,
      });
      counts.inspections++;
    }
    for (const m of await outboxWithDigitRuns(tx)) {
      const sealed = sealIdsIn(crypto, m.payload);
      if (JSON.stringify(sealed) === JSON.stringify(m.payload)) continue;
      await setOutboxPayload(tx, m.seq, sealed);
      counts.messages++;
    }
    await markUpgradeDone(tx, UPGRADE, new Date(), counts);
  });
  return counts;
}

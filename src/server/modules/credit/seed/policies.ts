import type { PolicySeed } from './common';
import { ordos } from './ordos';
import { wushen } from './wushen';
import { yangzhou } from './yangzhou';
import { yima } from './yima';
import { zhalantun } from './zhalantun';

export type { PolicySeed } from './common';

/** Every shipped jurisdiction's policy, published as version 1 at start where missing (seed-credit.ts). */
export const seedPolicies: PolicySeed[] = [wushen, yima, zhalantun, yangzhou, ordos];

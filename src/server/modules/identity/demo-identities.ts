import { completeResidentId } from '../../../domain/codes';
import { demoApplicants } from '../../bootstrap';
import type { FakeIdentity } from './fake-provider';
import { demoPlatformOnlyEnterprises } from './registry';

/**
 * Whom the local fake identity provider offers to be: the demo county's applicants, one more person, and
 * enterprises the registry knows that have no account here yet.
 */
export const demoIdentities: readonly FakeIdentity[] = [
  {
    sub: 'demo-enterprise',
    subjectType: 'enterprise',
    name: demoApplicants.enterprise.name,
    uscc: demoApplicants.enterprise.uscc,
  },
  {
    sub: 'demo-person',
    subjectType: 'person',
    name: demoApplicants.individual.name,
    residentId: demoApplicants.individual.residentId,
  },
  {
    sub: 'demo-agent',
    subjectType: 'person',
    name: demoApplicants.agent.name,
    residentId: demoApplicants.agent.residentId,
  },
  {
    sub: 'demo-person-2',
    subjectType: 'person',
    name: '其其格玛',
    residentId: completeResidentId('15062619930611202'),
  },
  ...demoPlatformOnlyEnterprises.map(
    (e, i): FakeIdentity => ({
      sub: `demo-enterprise-new-${i + 1}`,
      subjectType: 'enterprise',
      name: e.name,
      uscc: e.uscc,
    }),
  ),
];

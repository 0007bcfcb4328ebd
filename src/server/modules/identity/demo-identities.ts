import { completeResidentId } from '../../../domain/codes';
import { demoApplicants } from '../../bootstrap';
import type { FakeIdentity } from './fake-provider';

/** Whom the local fake identity provider offers to be: the demo county's applicants and one more person. */
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
];

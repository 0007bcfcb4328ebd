import {
  demoRegistryEntities,
  FakeEnterpriseRegistry,
  type RegisteredEntity,
} from '../../src/server/modules/identity/registry';

/**
 * 市场主体登记 as the tests' world has it: the demo county's enterprises, and every enterprise a test
 * creates (each test file runs in its own module scope, so files do not see each other's).
 */
export const testRegistry = new FakeEnterpriseRegistry(demoRegistryEntities);

export function registerEntity(
  uscc: string,
  name: string,
  legalRepresentative = '测试法定代表人',
  kind: RegisteredEntity['kind'] = uscc.startsWith('92') ? 'individual_business' : 'enterprise',
): RegisteredEntity {
  return testRegistry.add({
    uscc,
    kind,
    name,
    legalRepresentative,
    registeredOn: '2020-01-01',
    registrationAuthority: '乌审旗市场监督管理局',
    address: '内蒙古自治区鄂尔多斯市乌审旗',
    status: 'active',
  });
}

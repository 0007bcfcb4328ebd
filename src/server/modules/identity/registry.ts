import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { completeUscc } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';

/**
 * What 市场主体登记 (the market-entity registry, through the shared-data platform) says of an enterprise or
 * 个体工商户. Names, legal representatives and registration facts are taken from here, never from what a
 * user typed.
 */
export type RegisteredEntity = {
  uscc: string;
  kind: 'enterprise' | 'individual_business';
  name: string;
  /** 法定代表人 (经营者 for 个体工商户). */
  legalRepresentative: string;
  registeredOn: string;
  registrationAuthority: string;
  address: string;
  /** 存续 / 注销 / 吊销. */
  status: 'active' | 'cancelled' | 'revoked';
};

export type EnterpriseRegistry = {
  /** null: the registry holds no entity with this code. */
  find(uscc: string): Promise<RegisteredEntity | null>;
};

const unavailable = () => new DomainError('UNAVAILABLE', '市场主体登记信息暂时无法查询，请稍后再试');

/**
 * The registry as the shared-data platform serves it: `GET {url}/entities/{uscc}` answering the entity
 * as JSON, 404 when unknown. Asked on every start of a case, so through node:http over kept-alive
 * connections: `fetch` cost several times the CPU per request here (undici's streams, a timer signal each).
 */
export class HttpEnterpriseRegistry implements EnterpriseRegistry {
  readonly #base: URL;
  readonly #agent: HttpAgent;
  readonly #request: typeof httpRequest;

  constructor(
    url: string,
    private readonly token: string | null,
    private readonly timeoutMs = 3000,
  ) {
    this.#base = new URL(url.endsWith('/') ? url : `${url}/`);
    const https = this.#base.protocol === 'https:';
    this.#agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.#request = https ? httpsRequest : httpRequest;
  }

  find(uscc: string): Promise<RegisteredEntity | null> {
    const url = new URL(`entities/${encodeURIComponent(uscc)}`, this.#base);
    return new Promise((resolve, reject) => {
      const req = this.#request(url, {
        agent: this.#agent,
        headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
      });
      // The whole exchange, not only an idle socket, is bounded: a registry that trickles is as unavailable.
      const timer = setTimeout(() => req.destroy(unavailable()), this.timeoutMs);
      const fail = () => {
        clearTimeout(timer);
        reject(unavailable());
      };
      req.on('error', fail);
      req.on('response', (res: IncomingMessage) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          if (res.statusCode === 404) return resolve(null);
          if (res.statusCode !== 200) return reject(unavailable());
          try {
            resolve(JSON.parse(Buffer.concat(parts).toString('utf8')) as RegisteredEntity);
          } catch {
            reject(unavailable());
          }
        });
      });
      req.end();
    });
  }
}

/** A registry held in memory: for development, demos and tests, seeded with the entities given. */
export class FakeEnterpriseRegistry implements EnterpriseRegistry {
  private readonly entities = new Map<string, RegisteredEntity>();

  constructor(entities: readonly RegisteredEntity[] = []) {
    for (const e of entities) this.add(e);
  }

  add(e: RegisteredEntity): RegisteredEntity {
    this.entities.set(e.uscc, e);
    return e;
  }

  async find(uscc: string): Promise<RegisteredEntity | null> {
    return this.entities.get(uscc) ?? null;
  }
}

const entity = (
  uscc: string,
  name: string,
  legalRepresentative: string,
  registeredOn: string,
  kind: RegisteredEntity['kind'] = 'enterprise',
): RegisteredEntity => ({
  uscc,
  kind,
  name,
  legalRepresentative,
  registeredOn,
  registrationAuthority: '乌审旗市场监督管理局',
  address: '内蒙古自治区鄂尔多斯市乌审旗嘎鲁图镇',
  status: 'active',
});

/** Newly registered enterprises known to the registry and the identity platform, not yet to this system. */
export const demoPlatformOnlyEnterprises: readonly RegisteredEntity[] = [
  entity(completeUscc('91150626', 'MA1C0001'), '乌审旗乌兰陶勒盖美食有限公司', '乌兰', '2026-10-09'),
  entity(completeUscc('91150626', 'MA1D0001'), '乌审旗苏里格餐饮管理有限公司', '苏日娜', '2025-05-20'),
];

/** The demo county's enterprises (those of the demo accounts and credit subjects). */
export const demoRegistryEntities: readonly RegisteredEntity[] = [
  entity(completeUscc('91150626', 'MA0N8K2Q'), '乌审旗草原明珠餐饮有限公司', '巴特尔', '2019-04-16'),
  entity(completeUscc('91150626', 'MA0P3L7R'), '乌审旗北疆商贸有限公司', '李春生', '2018-09-03'),
  entity(completeUscc('91150626', 'MA0Q5W1T'), '乌审旗速达建材有限公司', '王海东', '2020-06-22'),
  entity(
    completeUscc('92150626', 'MA0R8D4U'),
    '乌审旗嘎鲁图镇阿拉坦小吃店',
    '阿拉坦',
    '2021-03-11',
    'individual_business',
  ),
  // Enterprises with no account here yet, which the fake identity platform offers (demo-identities.ts):
  // their first 统一身份认证登录 makes their account.
  ...demoPlatformOnlyEnterprises,
];

/** Names compared as the registry writes them: full-width and half-width brackets and spaces alike. */
export const sameName = (a: string, b: string): boolean => {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  return norm(a) === norm(b);
};

/**
 * The registry's entity for a USCC typed by someone: refused when the registry does not know it or it is
 * no longer active, or when a typed name or legal representative contradicts the registry. What is
 * returned is what the case and any license carry.
 */
export async function registeredEntity(
  registry: EnterpriseRegistry,
  typed: { uscc: string; name?: string | null; legalRepresentative?: string | null },
  field = 'subject',
): Promise<RegisteredEntity> {
  const e = await registry.find(typed.uscc);
  if (!e) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `市场主体登记信息中查无统一社会信用代码${typed.uscc}，请核对代码`,
      { field: `${field}.code` },
    );
  }
  if (e.status !== 'active') {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `${e.name}（${e.uscc}）在市场主体登记中已${e.status === 'cancelled' ? '注销' : '吊销'}，不能办理`,
      { field: `${field}.code` },
    );
  }
  if (typed.name?.trim() && !sameName(typed.name, e.name)) {
    throw new DomainError(
      'VALIDATION',
      `名称与市场主体登记不符：统一社会信用代码${e.uscc}登记的名称为“${e.name}”`,
      { field: `${field}.name`, registeredName: e.name },
    );
  }
  if (typed.legalRepresentative?.trim() && !sameName(typed.legalRepresentative, e.legalRepresentative)) {
    throw new DomainError(
      'VALIDATION',
      `法定代表人与市场主体登记不符：${e.name}登记的${e.kind === 'individual_business' ? '经营者' : '法定代表人'}为“${e.legalRepresentative}”`,
      { field: 'legalRepresentative', registeredLegalRepresentative: e.legalRepresentative },
    );
  }
  return e;
}

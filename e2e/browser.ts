import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { createSigningKey, openSigningKey, signCommitmentText } from '../src/domain/commitment-signing';

const root = resolve(import.meta.dirname, '..');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const PASSWORD = 'xinyipi2026';

export const baseURL = () => inject('baseURL');

/** Waits for what the person should see; pages load their data after they appear. */
export const until = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

let browser: Browser | undefined;

/** One chromium for the test file that calls this at its top: started before its tests, closed after. */
export function launchForFile(): void {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });
}

/** A fresh person at a desktop; errors in the page fail the test. */
export async function newPerson(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  if (!browser) throw new Error('launchForFile() was not called in this test file');
  // bypassCSP only lets the test inject axe-core; the application itself runs under the server's CSP.
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport: DESKTOP,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    bypassCSP: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const axe = (window as any).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
  });
  return (result.violations as AxeViolation[]).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
}

/**
 * What a reviewer looks at: the page as it is now, at desktop and phone sizes, each checked by axe
 * (no serious or critical WCAG 2.1 AA violation) and saved to e2e/screenshots/<journey>-<step>-<size>.png.
 */
export async function look(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  await until(() => page.locator('.ant-spin-spinning').count()).toBe(0);
  // A closing select list stays in the page while it fades out; axe would check that leftover list.
  await until(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(250);
    const violations = await axe(page);
    expect(
      violations.map((v) => `${v.id}（${v.help}）：${v.nodes.map((n) => n.target.join(' ')).join('，')}`),
      `${name} ${size}`,
    ).toEqual([]);
    await page.screenshot({ path: join(root, 'e2e/screenshots', `${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

export async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A small but real PDF: the server identifies files by content. */
export const pdf = (name: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`),
});

export async function upload(page: Page, material: string, fileName = `${material}.pdf`): Promise<void> {
  await page.getByLabel(`上传${material}`, { exact: true }).setInputFiles(pdf(fileName));
  await expect.poll(() => page.getByText(`✓ ${fileName}`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
}

/** A staff member's (or demo applicant's) API session, for preparing what the journey starts from (as they would). */
export async function staffApi(username: string, password = PASSWORD) {
  const res = await fetch(`${baseURL()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`登录失败：${username}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    file?: { name: string },
  ): Promise<T> => {
    const r = await fetch(`${baseURL()}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(file
          ? { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(file.name) }
          : body
            ? { 'content-type': 'application/json' }
            : {}),
      },
      ...(file ? { body: pdf(file.name).buffer } : body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: <T>(p: string) => call<T>('GET', p),
    post: <T>(p: string, b?: unknown) => call<T>('POST', p, b ?? {}),
    put: <T>(p: string, b?: unknown) => call<T>('PUT', p, b ?? {}),
    /** Uploads a small PDF as a material file (`POST /api/files`). */
    upload: (name: string) => call<{ id: string }>('POST', '/api/files', undefined, { name }),
  };
}

/**
 * 统一身份认证登录 as a person does it: the button on the login page leads to the identity platform (here
 * the local fake one the server starts), whose page lists whom one may be; picking one comes back signed in.
 */
export async function platformLogin(page: Page, who: string, shot?: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('link', { name: '统一身份认证登录' }).click();
  await page.waitForURL(/\/interaction\//);
  await until(() => page.getByRole('heading', { name: /统一身份认证平台/ }).count()).toBe(1);
  // The platform's page is not ours (no axe check): only a picture of what the person saw.
  if (shot)
    await page.screenshot({ path: join(root, 'e2e/screenshots', `${shot}-desktop.png`), fullPage: true });
  await page.getByRole('button', { name: new RegExp(`^${who}（`) }).click();
  const site = new URL(baseURL()).origin;
  await page.waitForURL((u) => u.origin === site && !u.pathname.startsWith('/login'));
}

const FOOD_ASKED = [
  '食品经营许可申请书',
  '与食品经营相适应的主要设备设施布局、操作流程等文件',
  '食品安全管理制度目录',
];

/**
 * What several journeys start from: an enterprise obtains a 食品经营许可 under 先入后验 on the spot, as its own
 * device would do it (a key made here, the draft's exact text signed). 先入后验 always leaves a verification
 * task with 乌审旗市场监督管理局. By default the demo enterprise (乌审旗草原明珠餐饮有限公司).
 */
export async function foodLicenseUnderCommitment({
  publish,
  as = { username: 'ent_demo', password: PASSWORD },
}: {
  publish: boolean;
  as?: { username: string; password: string };
}) {
  const ent = await staffApi(as.username, as.password);
  const pin = '731946';
  const sealed = await createSigningKey(pin);
  await ent.put('/api/signing-key', { publicKey: sealed.publicKey });
  const privateKey = await openSigningKey(sealed, pin);
  const started = await ent.post<{ application: { id: string; version: number } }>('/api/applications', {
    itemCode: 'WSQ-ZWFW-001',
  });
  const a = started.application;
  const materials = [];
  for (const name of FOOD_ASKED) materials.push({ name, fileId: (await ent.upload(`${name}.pdf`)).id });
  const body = {
    mode: 'enter_then_verify',
    materials,
    commit: true,
    publishCommitment: publish,
    version: a.version,
  };
  const { text } = await ent.post<{ text: string }>(`/api/applications/${a.id}/commitment/draft`, body);
  const submitted = await ent.post<{ status: string; number: string }>(`/api/applications/${a.id}/submit`, {
    ...body,
    signature: signCommitmentText(text, privateKey, sealed.publicKey),
  });
  expect(submitted.status).toBe('approved');
  return { applicationId: a.id, number: submitted.number };
}

/**
 * An applicant that registered with a password and whose identity the window clerk then confirmed against
 * its business license, as at the counter: proven, and nobody else's journey touches its credit file.
 */
export async function confirmedEnterprise(name: string, uscc: string, username: string) {
  const password = 'Qiye2026pass';
  const res = await fetch(`${baseURL()}/api/applicants/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ applicantType: 'enterprise', username, password, displayName: name, uscc }),
  });
  if (!res.ok) throw new Error(`注册失败：${res.status} ${await res.text()}`);
  await (await staffApi('clerk')).post('/api/identity/confirmations', {
    username,
    documentKind: 'business_license',
    code: uscc,
  });
  return { username, password };
}

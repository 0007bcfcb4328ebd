import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '../../../domain/errors';

// Algorithm 2 is argon2id in @node-rs/argon2; parameters are OWASP's minimum for it.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function assertPasswordPolicy(password: string): void {
  if (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new DomainError('VALIDATION', '密码至少8位，且须同时包含字母和数字', { field: 'password' });
  }
}

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export const verifyPassword = (stored: string, password: string): Promise<boolean> =>
  verify(stored, password).catch(() => false);

// Compared against when the username is unknown, so response time does not reveal which names exist.
let dummy: Promise<string> | null = null;
export const dummyHash = (): Promise<string> => {
  dummy ??= hashPassword('dummy-password-0');
  return dummy;
};

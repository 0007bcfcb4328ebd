import { Piscina } from 'piscina';
import { verifyCommitmentText } from '../../domain/commitment-signing';

/**
 * Verifies applicants' SM2 signatures before a decision. Pure-JS SM2 verification costs 10–18 ms of CPU;
 * on the event loop it would stall every other request for that long, so it runs in a pool of worker
 * threads (SIGNATURE_THREADS; 0 verifies inline, for a single-core deployment or a tool).
 */
export type SignatureVerifier = {
  verify(text: string, signature: string, publicKey: string): Promise<boolean>;
  close(): Promise<void>;
};

export function createSignatureVerifier(
  threads: number,
  mode: 'sm2' | 'skip-for-benchmark' = 'sm2',
): SignatureVerifier {
  // The decision benchmark's A/B (config.signatureVerification): what the decision costs without SM2.
  if (mode === 'skip-for-benchmark') return { verify: async () => true, close: async () => {} };
  if (threads <= 0) {
    return {
      verify: async (text, signature, publicKey) => verifyCommitmentText(text, signature, publicKey),
      close: async () => {},
    };
  }
  const pool = new Piscina({
    filename: new URL('./verify-worker.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // A worker that idles is kept: starting one costs more than many verifications.
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  return {
    verify: (text, signature, publicKey) => pool.run({ text, signature, publicKey }) as Promise<boolean>,
    close: () => pool.destroy(),
  };
}

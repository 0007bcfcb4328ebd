/**
 * SMS and e-mail leave the platform through a gateway run by someone else (a carrier's SMS platform, the
 * government mail relay). One interface; the HTTP adapter speaks a plain JSON POST, and tests use a
 * recording gateway behind the same interface.
 */
export type Channel = 'sms' | 'email';
export type OutboundMessage = {
  channel: Channel;
  address: string;
  title: string;
  body: string;
  idempotencyKey: string;
};

export type MessageGateway = { send(message: OutboundMessage): Promise<void> };

export class HttpMessageGateway implements MessageGateway {
  constructor(
    private readonly url: string,
    private readonly token: string | null,
    private readonly timeoutMs = 5000,
  ) {}

  async send(message: OutboundMessage): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.idempotencyKey,
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`短信/邮件网关返回 ${res.status}`);
  }
}

/** Where no gateway is configured, messages stay in the inbox only; deliveries are not created. */
export class RecordingGateway implements MessageGateway {
  readonly sent: OutboundMessage[] = [];
  failNext = 0;

  async send(message: OutboundMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('网关暂不可用');
    }
    this.sent.push(message);
  }
}

import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  parsed: ParsedMail;
  /** The subject as sent (for sinks that do not parse). */
  rawSubject: string;
  receivedAt: number;
}

/** What the sink answers to a message: accept, hold it for a while, or refuse it. */
export type SinkBehaviour = (to: string) => 'accept' | { delayMs: number } | { reject: number };

/**
 * A real SMTP server (smtp-server from nodemailer's authors) on a free loopback port, collecting
 * the parsed mails. Tests choose per message whether it is accepted, delayed or refused.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  behaviour: SinkBehaviour = () => 'accept';
  /** Messages whose DATA started: a sender killed mid-message shows here but not in `mails`. */
  started = 0;
  /**
   * Runs when a message is complete and about to be accepted, before the sender hears so: a fault
   * injected here (a database taken down) strikes between the provider's accept and its record.
   */
  beforeAccept?: (to: string) => Promise<void>;
  private readonly server: SMTPServer;
  private waiters: (() => void)[] = [];
  private readonly closed = new Set<string>();

  private constructor(private readonly parse: boolean) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 10 * 1024 * 1024,
      // A client killed mid-message breaks the stream: that message was simply not delivered.
      onData: (stream, session, callback) =>
        void this.receive(stream, session, callback).catch((error: Error) => callback(error)),
      onClose: (session) => this.closed.add(session.id),
    });
    this.server.on('error', () => undefined);
  }

  static async start(options: { parse?: boolean } = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options.parse ?? true);
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    const address = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${address.port}`;
  }

  /** Mails to this address. */
  to(address: string): ReceivedMail[] {
    return this.mails.filter((mail) => mail.to === address);
  }

  /** Waits until `predicate` holds over the received mails (checked on every arrival). */
  async waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.mails)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `SMTP sink: condition not met after ${timeoutMs} ms (${this.mails.length} mails)`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ): Promise<void> {
    this.started += 1;
    const to = session.envelope.rcptTo.map((r) => r.address).join(',');
    const behaviour = this.behaviour(to);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (typeof behaviour === 'object' && 'delayMs' in behaviour) {
      await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    }
    if (typeof behaviour === 'object' && 'reject' in behaviour) {
      // Like real servers, the answer quotes the recipient.
      const error = new Error(`<${to}>: Recipient address rejected`) as Error & {
        responseCode: number;
      };
      error.responseCode = behaviour.reject;
      callback(error);
      return;
    }
    // A client that went away while we held the message never learned it was accepted: not delivered.
    if (this.closed.has(session.id)) return;
    const raw = Buffer.concat(chunks);
    await this.beforeAccept?.(to);
    const parsed = this.parse ? await simpleParser(raw) : ({} as ParsedMail);
    const rawSubject = /^Subject: (.*)$/m.exec(raw.toString('utf8', 0, 4096))?.[1] ?? '';
    this.mails.push({ to, parsed, rawSubject, receivedAt: Date.now() });
    callback();
    for (const wake of this.waiters.splice(0)) wake();
  }
}

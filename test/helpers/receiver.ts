import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  body: string;
  contentType: string | undefined;
  at: number;
}

/** What the receiver does with a request: answer status + body, or hang (never answer). */
export type Behaviour = (n: number, req: Received) => { status: number; body: string } | 'hang';

/** A merchant's notification endpoint on loopback, recording what it receives. */
export class Receiver {
  readonly received: Received[] = [];
  private hanging: ServerResponse[] = [];
  private constructor(
    private readonly server: Server,
    public behaviour: Behaviour,
  ) {}

  static async start(behaviour: Behaviour = () => ({ status: 200, body: 'success' })): Promise<Receiver> {
    let self: Receiver;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const r = { body: Buffer.concat(chunks).toString('utf8'), contentType: req.headers['content-type'], at: Date.now() };
        self.received.push(r);
        const out = self.behaviour(self.received.length, r);
        if (out === 'hang') {
          self.hanging.push(res);
          return;
        }
        res.writeHead(out.status, { 'content-type': 'text/plain' }).end(out.body);
      });
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new Receiver(server, behaviour);
    return self;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/notify`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

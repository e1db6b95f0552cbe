import { createHash } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * Just enough of a WebSocket server (RFC 6455) for Slack's Socket Mode on
 * loopback: the handshake, text frames both ways, ping answered with pong,
 * close. Slack's side of the protocol: `hello` first, then envelopes that
 * the app acknowledges with `{envelope_id, payload}`.
 */
export class FakeSocketMode {
  private socket: Duplex | undefined;
  /** Every upgraded socket, so close() can end them all (the HTTP server cannot close until they are gone). */
  private readonly all = new Set<Duplex>();
  private buffer = Buffer.alloc(0);
  private seq = 0;
  readonly acks = new Map<string, unknown>();
  private waiting = new Map<string, (payload: unknown) => void>();

  constructor(server: Server) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) => this.accept(req, socket));
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  private accept(req: IncomingMessage, socket: Duplex): void {
    const key = String(req.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.socket = socket;
    this.all.add(socket);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('close', () => {
      this.all.delete(socket);
      if (this.socket === socket) this.socket = undefined;
    });
    socket.on('error', () => undefined);
    this.send({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0BATON' } });
  }

  /** Sends an envelope as Slack does and resolves with the payload Baton acknowledged it with. */
  envelope(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown): Promise<unknown> {
    const id = `env-${++this.seq}`;
    const acked = new Promise<unknown>((resolve) => this.waiting.set(id, resolve));
    this.send({
      envelope_id: id,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: 0,
    });
    return acked;
  }

  close(): void {
    for (const s of this.all) s.destroy();
    this.all.clear();
    this.socket = undefined;
  }

  private send(message: unknown): void {
    this.frame(0x1, Buffer.from(JSON.stringify(message)));
  }

  private frame(opcode: number, data: Buffer): void {
    if (!this.socket) return;
    const len = data.length;
    const head =
      len < 126
        ? Buffer.from([0x80 | opcode, len])
        : Buffer.concat([Buffer.from([0x80 | opcode, 126]), Buffer.from([len >> 8, len & 0xff])]);
    this.socket.write(Buffer.concat([head, data]));
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = (this.buffer[0] ?? 0) & 0x0f;
      let len = (this.buffer[1] ?? 0) & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        len = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      // Client frames are always masked.
      if (this.buffer.length < offset + 4 + len) return;
      const mask = this.buffer.subarray(offset, offset + 4);
      const data = Buffer.from(this.buffer.subarray(offset + 4, offset + 4 + len));
      for (let i = 0; i < data.length; i++) data[i] = (data[i] ?? 0) ^ (mask[i % 4] ?? 0);
      this.buffer = this.buffer.subarray(offset + 4 + len);
      if (opcode === 0x9) this.frame(0xa, data);
      else if (opcode === 0x8) {
        // The closing handshake: echo the close frame, then hang up.
        this.frame(0x8, data);
        this.socket?.end();
        this.socket = undefined;
      } else if (opcode === 0x1) this.onText(data.toString('utf8'));
    }
  }

  private onText(text: string): void {
    const m = JSON.parse(text) as { envelope_id?: string; payload?: unknown };
    if (!m.envelope_id) return;
    this.acks.set(m.envelope_id, m.payload);
    this.waiting.get(m.envelope_id)?.(m.payload);
    this.waiting.delete(m.envelope_id);
  }
}

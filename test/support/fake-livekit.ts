import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { TokenVerifier } from 'livekit-server-sdk';
import { TEST_LIVEKIT } from './test-app.js';

export interface FakeLiveKit {
  /** ws://127.0.0.1:<port>, for LIVEKIT_URL. */
  url: string;
  /** RemoveParticipant requests LiveKit accepted: `{ room, identity }`. */
  removed: object[];
  close(): Promise<void>;
}

/**
 * LiveKit as far as Sprechstunde's server uses it (RoomService.RemoveParticipant over Twirp, the
 * request's token checked for room admin rights as LiveKit does), and a signalling endpoint that
 * accepts a browser's connection and never answers (no media server can run here). The only
 * stand-in the video tests use.
 */
export async function startFakeLiveKit(): Promise<FakeLiveKit> {
  const verifier = new TokenVerifier(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret);
  const removed: object[] = [];
  const held = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      void (async () => {
        const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        const claims = await verifier.verify(bearer).catch(() => null);
        const parsed = JSON.parse(body || '{}') as { room?: string; identity?: string };
        if (
          req.url !== '/twirp/livekit.RoomService/RemoveParticipant' ||
          !claims?.video?.roomAdmin ||
          claims.video.room !== parsed.room
        ) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end('{"code":"unauthenticated","msg":"no permission"}');
          return;
        }
        removed.push(parsed);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      })();
    });
  });
  // Signalling: the upgrade is held open and never answered.
  server.on('upgrade', (_req, socket: Socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    removed,
    close: () =>
      new Promise((resolve) => {
        for (const socket of held) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

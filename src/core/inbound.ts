// The one mechanism behind every HTTP endpoint node (mythings-stream, m2m-callback) facing the
// internet (SPEC 3.8): the node's admission check (auth, content type) before any byte of the body
// is read, at most `maxConcurrent` bodies read at once (503 + Retry-After), the body read with a
// size limit and a deadline (413 / 408, then `Connection: close`), a depth limit on bodies a body
// parser already built (400), a closed node answering 503 (in-flight requests included), and the
// msg built and sent inside a guard: an exception answers 500 and is reported once, it never
// reaches the process. Answers are fixed texts with no variable data.
import type { Node } from 'node-red';
import type { Handler, Req, Res } from './express';
import { answerFixed, readBody, type BodyResult } from './raw-route';

/** The fixed answer texts (status line and body). */
export const FIXED_ANSWER: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Bodies read at once per endpoint (SPEC 3.8). */
export const MAX_CONCURRENT_BODIES = 64;
/** Default body deadline, seconds. */
export const DEFAULT_BODY_TIMEOUT_S = 10;
/** After a 408, the socket is destroyed this long after the answer went out (time to read it). */
const CLOSE_GRACE_MS = 1000;

export type ReadyBody = Extract<BodyResult, { kind: 'raw' | 'parsed' }>;

export interface InboundOptions {
  maxBytes: number;
  bodyTimeoutMs: number;
  maxConcurrent?: number;
  /**
   * Auth and content type, before the body is read. Returns 0 to go on, or the status to answer
   * (with optional extra headers, e.g. WWW-Authenticate).
   */
  admit(req: Req): number | { status: number; headers: Record<string, string> };
  /** Builds and sends the msg; returns the status to answer. Runs inside the guard. */
  process(body: ReadyBody, req: Req): number;
  /** Reports an exception of `process` (once per request): node.error with a fixed sentence. */
  report(e: unknown): void;
  /** Every answer given (for counters in the status). */
  answered?(status: number): void;
}

/** A property in seconds (default 10, 1..3600) as milliseconds. */
export function bodyTimeoutMsOf(v: unknown): number {
  const n = Number(v);
  const ok = v !== '' && v !== undefined && v !== null && Number.isFinite(n) && n >= 1 && n <= 3600;
  return Math.round((ok ? n : DEFAULT_BODY_TIMEOUT_S) * 1000);
}

/**
 * The request handler of an endpoint node. The node's `close` answers every request still
 * reading its body with 503 and every later one too (a msg sent after close would go nowhere).
 */
export function inboundHandler(node: Node, o: InboundOptions): Handler {
  const maxConcurrent = o.maxConcurrent ?? MAX_CONCURRENT_BODIES;
  let closed = false;
  const reading = new Set<Res>();

  const answer = (res: Res, status: number, extra?: Record<string, string>): void => {
    const headers: Record<string, string> = { ...extra };
    if (status === 408 || status === 413) headers.Connection = 'close';
    if (status === 503) headers['Retry-After'] = '1';
    try {
      answerFixed(res, status, FIXED_ANSWER[status] ?? FIXED_ANSWER[500], headers);
    } catch {
      // the socket went away: nothing to answer
    }
    try {
      o.answered?.(status);
    } catch {
      // counters must never break an answer
    }
  };

  node.on('close', () => {
    closed = true;
    for (const res of reading) answer(res, 503, { Connection: 'close' });
    reading.clear();
  });

  return (req, res) => {
    if (closed) return answer(res, 503);
    let admitted: ReturnType<InboundOptions['admit']>;
    try {
      admitted = o.admit(req);
    } catch (e) {
      o.report(e);
      return answer(res, 500);
    }
    if (admitted !== 0) {
      // the body is not read: close the connection rather than drain whatever the sender still sends
      if (typeof admitted === 'number') return answer(res, admitted, { Connection: 'close' });
      return answer(res, admitted.status, { ...admitted.headers, Connection: 'close' });
    }
    if (reading.size >= maxConcurrent) return answer(res, 503, { Connection: 'close' });
    reading.add(res);
    readBody(
      req,
      o.maxBytes,
      (body) => {
        if (!reading.delete(res)) return; // answered 503 by close
        if (closed) return answer(res, 503);
        switch (body.kind) {
          case 'aborted':
            return;
          case 'tooLarge':
            return answer(res, 413);
          case 'tooDeep':
            return answer(res, 400);
          case 'timeout':
            answer(res, 408);
            res.once('finish', () => {
              const t = setTimeout(() => req.socket?.destroy(), CLOSE_GRACE_MS);
              t.unref?.();
            });
            return;
        }
        let status: number;
        try {
          status = o.process(body, req);
        } catch (e) {
          try {
            o.report(e);
          } catch {
            // reporting must not throw either
          }
          status = 500;
        }
        answer(res, status);
      },
      o.bodyTimeoutMs,
    );
  };
}

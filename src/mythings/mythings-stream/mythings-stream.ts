import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import type { Req } from '../../core/express';
import { translator } from '../../core/i18n';
import { registerType } from '../../core/node';
import { bodyTimeoutMsOf, inboundHandler, type ReadyBody } from '../../core/inbound';
import { httpInPath, secretMatcher, serveHttpIn, type HttpInWarnings } from '../../core/raw-route';
import {
  StreamParseError,
  StreamTooLargeError,
  classifyContentType,
  fromJsonValue,
  isValidTimeZone,
  normalize,
  parseDocument,
  partCount,
  splitByContainer,
  type ContentTypeInfo,
  type NormalizedUplink,
  type ParsedStreamDocument,
  type StreamAnswer,
} from './stream-parse';
import { registerWithMyThings, type RegistrationProps } from './stream-registration';

interface StreamConfig extends NodeDef {
  url?: string;
  auth?: string;
  output?: string;
  split?: boolean | string;
  timezone?: string;
  maxBytes?: number | string;
  maxParts?: number | string;
  bodyTimeout?: number | string;
}

interface StreamCredentials {
  user?: string;
  password?: string;
  headerName?: string;
  headerValue?: string;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const MAX_MAX_BYTES = 100 * 1024 * 1024;
const DEFAULT_MAX_PARTS = 100;
const MAX_MAX_PARTS = 1000;

type Check = (req: Req) => boolean;

/**
 * The node's auth check (SPEC 5.6): none, Basic (user + password) or one header; constant-time
 * compares. An unknown kind is `undefined`: the node registers no route (SPEC 3.8).
 */
function authCheck(kind: string, creds: StreamCredentials): { check: Check; configured: boolean } | undefined {
  if (kind === 'basic') {
    if (!creds.user || !creds.password) return { check: () => false, configured: false };
    const matches = secretMatcher(`${creds.user}:${creds.password}`);
    return {
      configured: true,
      check: (req) => {
        const h = req.headers.authorization;
        if (typeof h !== 'string' || h.length < 7 || h.slice(0, 6).toLowerCase() !== 'basic ') return matches(undefined);
        return matches(Buffer.from(h.slice(6).trim(), 'base64').toString('utf8'));
      },
    };
  }
  if (kind === 'header') {
    const name = (creds.headerName ?? '').trim().toLowerCase();
    if (!name || !creds.headerValue) return { check: () => false, configured: false };
    const matches = secretMatcher(creds.headerValue);
    return {
      configured: true,
      check: (req) => {
        const v = req.headers[name];
        return matches(typeof v === 'string' ? v : undefined);
      },
    };
  }
  if (kind === 'none') return { check: () => true, configured: true };
  return undefined;
}

function maxBytesOf(v: unknown): number {
  const n = Number(v);
  return v !== '' && v !== undefined && v !== null && Number.isInteger(n) && n > 0 && n <= MAX_MAX_BYTES ? n : DEFAULT_MAX_BYTES;
}

function maxPartsOf(v: unknown): number {
  const n = Number(v);
  return v !== '' && v !== undefined && v !== null && Number.isInteger(n) && n >= 1 && n <= MAX_MAX_PARTS ? n : DEFAULT_MAX_PARTS;
}

function textOf(data: Buffer, ct: ContentTypeInfo): string {
  const s = data.toString(ct.encoding);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** The stream document of a body read raw or left parsed by another body parser. */
function documentOf(body: ReadyBody, ct: ContentTypeInfo): ParsedStreamDocument {
  if (body.kind === 'raw') return parseDocument(textOf(body.data, ct), ct.kind);
  const v = body.value;
  if (typeof v === 'string') return parseDocument(v, ct.kind);
  if (Buffer.isBuffer(v)) return parseDocument(textOf(v, ct), ct.kind);
  if (ct.kind === 'xml') throw new StreamParseError('XML body parsed into something else');
  return fromJsonValue(v);
}

/** Why the node does not listen (its catalog keys, core/raw-route.ts httpInPath / serveHttpIn). */
const warnings: HttpInWarnings = { noPath: 'errors.noPath', httpDisabled: 'errors.httpDisabled', duplicatePath: 'errors.duplicatePath' };

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'mythings-stream');
  function MyThingsStream(this: Node<StreamCredentials>, config: StreamConfig): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const path = httpInPath(node, t, config.url, warnings);
    if (!path) return;
    const timezone = (config.timezone ?? '').trim() || 'UTC';
    const maxBytes = maxBytesOf(config.maxBytes);
    const maxParts = maxPartsOf(config.maxParts);
    const bodyTimeoutMs = bodyTimeoutMsOf(config.bodyTimeout);
    const raw = config.output === 'raw';
    const split = !raw && (config.split === true || config.split === 'true');

    if (!isValidTimeZone(timezone)) {
      node.warn(t('errors.timezone'));
      node.status({ fill: 'red', shape: 'ring', text: t('status.timezone') });
      return;
    }
    const auth = authCheck(config.auth ?? 'none', node.credentials ?? {});
    if (!auth) {
      node.warn(t('errors.authUnknown'));
      node.status({ fill: 'red', shape: 'ring', text: t('status.authUnknown') });
      return;
    }
    if (!auth.configured) node.warn(t('errors.authNotConfigured'));

    // Counters shown in the status at most once a second (a status per uplink would flood the editor)
    let received = 0;
    let rejected = 0;
    let lastRejected = 0;
    let dirty = false;
    const showStatus = (): void => {
      if (!dirty) return;
      dirty = false;
      if (rejected === 0) node.status({ fill: 'green', shape: 'dot', text: t('status.received', { count: received }) });
      else
        node.status({
          fill: lastRejected ? 'yellow' : 'green',
          shape: lastRejected ? 'ring' : 'dot',
          text: t('status.rejected', { count: received, rejected, code: lastRejected || '-' }),
        });
    };
    const timer = setInterval(showStatus, 1000);
    timer.unref?.();

    const count = (code: number): void => {
      if (code === 200) {
        received++;
        lastRejected = 0;
      } else {
        rejected++;
        lastRejected = code;
      }
      dirty = true;
    };

    /**
     * The msgs of one document; 413 (nothing sent) when it has more containers than maxParts
     * (with `split` each would be a msg; without, one msg carrying them all: bounded either way).
     */
    const emit = (n: NormalizedUplink): StreamAnswer | 413 => {
      const topic = n.devEUI;
      if (partCount(n) > maxParts) return 413;
      if (raw) {
        node.send(topic === undefined ? { payload: n.raw } : { payload: n.raw, topic });
        return 200;
      }
      if (!split || partCount(n) === 1) {
        node.send(topic === undefined ? { payload: n } : { payload: n, topic });
        return 200;
      }
      const parts = splitByContainer(n);
      const id = RED.util.generateId();
      const msgs: NodeMessage[] = parts.map((p, index) => {
        const m: NodeMessage & { parts: Record<string, unknown> } = { payload: p, parts: { id, index, count: parts.length, type: 'array', len: 1 } };
        if (topic !== undefined) m.topic = topic;
        return m;
      });
      node.send([msgs]);
      return 200;
    };

    const handler = inboundHandler(node, {
      maxBytes,
      bodyTimeoutMs,
      admit: (req: Req) => {
        if (!auth.check(req)) return config.auth === 'basic' ? { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="MyThings stream"' } } : 401;
        return classifyContentType(req.headers['content-type']) ? 0 : 415;
      },
      process: (body, req) => {
        const ct = classifyContentType(req.headers['content-type'])!;
        let n: NormalizedUplink;
        try {
          n = normalize(documentOf(body, ct), { timezone });
        } catch (e) {
          if (e instanceof StreamParseError) return 400;
          if (e instanceof StreamTooLargeError) return 413;
          throw e;
        }
        return emit(n);
      },
      report: (e) => node.error(t('errors.unexpected', { message: e instanceof Error ? e.message : String(e) })),
      answered: count,
    });

    if (!serveHttpIn(RED, node, t, path, handler, warnings)) {
      clearInterval(timer);
      return;
    }
    node.status({ fill: 'grey', shape: 'dot', text: t('status.listening') });
    registerWithMyThings(RED, node, config as RegistrationProps, path, t);
    node.on('close', () => {
      clearInterval(timer);
      node.status({});
    });
  }

  registerType(RED, 'mythings-stream', MyThingsStream, {
    credentials: {
      user: { type: 'text' },
      password: { type: 'password' },
      headerName: { type: 'text' },
      headerValue: { type: 'password' },
    },
  });
};

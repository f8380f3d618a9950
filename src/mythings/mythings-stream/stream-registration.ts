import type { Node, NodeAPI } from 'node-red';
import { FleetError, invalidInput, toFleetError } from '../../core/errors';
import type { Translate } from '../../core/i18n';
import type { EncoAccountNode, EncoConnection } from '../../enco/auth';
import { buildStreamDefinition } from '../api';
import { BASE_PATH, STREAM_CONTENT_TYPES, STREAM_TYPES, type StreamRequest } from '../types';

/**
 * mythings-stream registration with MyThings (SPEC 5.6 "Registration"): with an account and a
 * public URL, on deploy the node makes sure ONE stream definition named `streamName` points at
 * publicUrl + httpNodeRoot + its path, with its own auth, `active: true`: list the definitions,
 * then PUT the one with that name, or POST a new one. Redeploying updates, never duplicates.
 * A failure is a red ring and a node.warn; the endpoint keeps serving. The definition's password
 * and header value are secrets: removed from every error text. Removing the node does not delete
 * the definition (other instances may use it).
 */

export interface RegistrationProps {
  account?: string;
  publicUrl?: string;
  streamName?: string;
  streamType?: string;
  contentType?: string;
  companyId?: string | number;
  template?: string;
  auth?: string;
  name?: string;
}

export interface RegistrationCredentials {
  user?: string;
  password?: string;
  headerName?: string;
  headerValue?: string;
}

export interface Registration {
  name: string;
  /** The definition body for an update (PUT) and, with companyId, for a create (POST). */
  definition: StreamRequest;
  companyId?: number;
  secrets: string[];
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)$/i;

/** The URL MyThings POSTs to: publicUrl (no trailing /) + httpNodeRoot (when not /) + the node's path. */
export function streamUrl(publicUrl: string, httpNodeRoot: unknown, path: string): string {
  const root = typeof httpNodeRoot === 'string' ? httpNodeRoot.replace(/\/+$/, '') : '';
  return publicUrl.trim().replace(/\/+$/, '') + (root && root !== '/' ? (root.startsWith('/') ? root : '/' + root) : '') + path;
}

/**
 * The definition the node registers (pure; INVALID_INPUT on a wrong property). `accountUrl` guards
 * against registering a loopback publicUrl (the sandbox's value) in a real account: MyThings can
 * never reach it, so it is refused unless the account itself is on this machine (the simulator).
 */
export function buildRegistration(p: RegistrationProps, creds: RegistrationCredentials, url: string, accountUrl: string): Registration {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw invalidInput('publicUrl must be an http or https URL (e.g. https://nr.example.com).');
  }
  if (!/^https?:$/.test(target.protocol) || target.username || target.password || target.search || target.hash) {
    throw invalidInput('publicUrl must be an http or https URL without credentials, query or fragment.');
  }
  let accountHost = '';
  try {
    accountHost = new URL(accountUrl).hostname;
  } catch {
    /* a wrong account URL fails on the first request */
  }
  if (LOOPBACK.test(target.hostname) && !LOOPBACK.test(accountHost)) {
    throw invalidInput(`publicUrl ${target.origin} is this machine: MyThings can not reach it. Set the public address of this Node-RED.`);
  }
  const name = (p.streamName ?? '').trim() || (p.name ?? '').trim();
  if (!name) throw invalidInput('streamName is required for the registration with MyThings.');
  const contentType = (p.contentType || 'JSON').trim();
  const fields: Record<string, unknown> = {
    name,
    url,
    type: (p.streamType || 'DECODED').trim(),
    contentType,
    active: true,
  };
  if (contentType === 'FREEFORM' && p.template) fields.template = p.template;
  if (p.companyId !== undefined && p.companyId !== '') fields.companyId = p.companyId;
  const secrets: string[] = [];
  if (p.auth === 'basic') {
    if (!creds.user || !creds.password) throw invalidInput('Basic authentication is on but its user or password is missing.');
    Object.assign(fields, { basicAuth: true, userName: creds.user, password: creds.password, headers: [] });
    secrets.push(creds.password);
  } else if (p.auth === 'header') {
    if (!creds.headerName || !creds.headerValue) throw invalidInput('Header authentication is on but its header name or value is missing.');
    Object.assign(fields, { basicAuth: false, headers: [{ key: creds.headerName.trim(), value: creds.headerValue }] });
    secrets.push(creds.headerValue);
  } else {
    Object.assign(fields, { basicAuth: false, headers: [] });
  }
  // the seed's enums and shapes (STREAM_TYPES incl. LOCATION, STREAM_CONTENT_TYPES incl. FREEFORM)
  let definition: StreamRequest;
  try {
    definition = buildStreamDefinition(fields, { create: false });
  } catch (e) {
    throw invalidInput(`${toFleetError(e).message} (allowed: streamType ${STREAM_TYPES.join(', ')}; contentType ${STREAM_CONTENT_TYPES.join(', ')})`);
  }
  return { name, definition, companyId: definition.companyId, secrets };
}

interface Listed {
  id?: unknown;
  streamDefinitionId?: unknown;
  name?: unknown;
}

/** The definitions of a GET /streamdefinitions answer (an array, or a page's `content`). */
function definitionsOf(body: unknown): Listed[] {
  if (Array.isArray(body)) return body as Listed[];
  const content = (body as { content?: unknown } | null)?.content;
  return Array.isArray(content) ? (content as Listed[]) : [];
}

export type RegistrationOutcome = { action: 'created' | 'updated'; id: string };

/** List, then PUT the definition with that name or POST a new one (one per name, never two). */
export async function registerStream(conn: EncoConnection, reg: Registration): Promise<RegistrationOutcome> {
  const auth = conn.auth();
  const secrets = reg.secrets;
  const list = await conn.http.request({ method: 'GET', path: `${BASE_PATH}/streamdefinitions`, auth, secrets });
  const existing = definitionsOf(list.body).find((d) => d && d.name === reg.name);
  const idOf = (d: Listed | undefined): string | undefined => {
    const id = d?.id ?? d?.streamDefinitionId;
    return id === undefined || id === null || id === '' ? undefined : String(id);
  };
  const id = idOf(existing);
  if (id !== undefined) {
    await conn.http.request({ method: 'PUT', path: `${BASE_PATH}/streamdefinitions/${encodeURIComponent(id)}`, body: reg.definition, auth, secrets });
    return { action: 'updated', id };
  }
  if (reg.companyId === undefined) throw invalidInput('companyId is required to create the stream definition (none with this name exists yet).');
  const created = await conn.http.request({ method: 'POST', path: `${BASE_PATH}/streamdefinitions`, body: { autoLink: true, ...reg.definition }, auth, secrets });
  const newId = idOf(created.body as Listed);
  if (newId === undefined) throw new FleetError('REJECTED', 'MyThings answered the stream definition without an id.');
  return { action: 'created', id: newId };
}

/** Registrations of one name on one account run one after the other (two deploys never both create). */
const queues = new Map<string, Promise<unknown>>();

/**
 * The node side: reads the properties, registers when `account` and `publicUrl` are set, shows
 * the outcome in the status and warns on failure. Never throws; the endpoint serves either way.
 */
export function registerWithMyThings(RED: NodeAPI, node: Node, config: RegistrationProps, path: string, t: Translate): void {
  if (!config.account || !config.publicUrl || !String(config.publicUrl).trim()) return;
  let closed = false;
  node.on('close', () => {
    closed = true;
  });
  const creds = ((node as unknown as { credentials?: RegistrationCredentials }).credentials ?? {}) as RegistrationCredentials;
  const fail = (e: unknown, secrets: string[]): void => {
    if (closed) return;
    const err = toFleetError(e);
    let message = err.message;
    for (const s of secrets) if (s && s.length >= 4) message = message.split(s).join('[redacted]');
    node.warn(t('common.errors.registration', { message }));
    node.status({ fill: 'red', shape: 'ring', text: t('common.status.registrationFailed', { code: err.code }) });
  };
  let reg: Registration;
  let conn: EncoConnection;
  try {
    const account = RED.nodes.getNode(config.account) as unknown as EncoAccountNode | null;
    if (!account || !account.enco) throw new FleetError('NOT_CONFIGURED', 'No EnCo account is configured for the registration (or it is not deployed).');
    conn = account.enco;
    const url = streamUrl(String(config.publicUrl), (RED.settings as unknown as { httpNodeRoot?: unknown }).httpNodeRoot, path);
    reg = buildRegistration(config, creds, url, conn.http.settings.baseURL);
  } catch (e) {
    fail(e, [creds.password ?? '', creds.headerValue ?? '']);
    return;
  }
  node.status({ fill: 'blue', shape: 'dot', text: t('common.status.registering') });
  const key = `${config.account}\u0000${reg.name}`;
  const run = (queues.get(key) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => (closed ? undefined : registerStream(conn, reg)))
    .then(
      (outcome) => {
        if (!outcome || closed) return;
        node.status({ fill: 'green', shape: 'ring', text: t(outcome.action === 'created' ? 'common.status.registeredCreated' : 'common.status.registeredUpdated') });
      },
      (e) => fail(e, reg.secrets),
    );
  queues.set(key, run);
  run.finally(() => {
    if (queues.get(key) === run) queues.delete(key);
  });
}

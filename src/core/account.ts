import type * as https from 'node:https';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { HttpSettings } from './http';
import { numberProp } from './fields';
import { ProxySettings } from './proxy';

/** The properties every account node has (SPEC 3.6); editor values arrive as strings. */
export interface AccountProps {
  url?: string;
  timeout?: string | number;
  retries?: string | number;
  concurrency?: string | number;
  tls?: string;
  proxy?: string;
}
export type AccountConfig = NodeDef & AccountProps;

interface TlsConfigNode extends Node {
  addTLSOptions(opts: https.AgentOptions): void;
}

interface HttpProxyNode extends Node<{ username?: string; password?: string }> {
  url?: string;
  noproxy?: string[];
}

export interface CommonSettings {
  url: string;
  timeout: number;
  retries: number;
  concurrency: number;
}

export function commonSettings(cfg: AccountProps, defaultUrl: string): CommonSettings {
  return {
    url: (cfg.url || defaultUrl).trim().replace(/\/+$/, ''),
    timeout: Math.max(1, numberProp(cfg.timeout, 30_000)),
    retries: Math.max(0, Math.floor(numberProp(cfg.retries, 3))),
    concurrency: Math.max(1, Math.floor(numberProp(cfg.concurrency, 4))),
  };
}

/** The transport part of HttpSettings: TLS from a core tls-config node, proxy from a core http proxy node. */
export function transportSettings(RED: NodeAPI, cfg: AccountProps, vendor: string, defaultUrl: string): HttpSettings & { concurrency: number } {
  const common = commonSettings(cfg, defaultUrl);
  let tls: https.AgentOptions | undefined;
  if (cfg.tls) {
    const tlsNode = RED.nodes.getNode(cfg.tls) as TlsConfigNode | null;
    if (tlsNode && typeof tlsNode.addTLSOptions === 'function') {
      tls = {};
      tlsNode.addTLSOptions(tls);
    }
  }
  let proxy: ProxySettings | undefined;
  if (cfg.proxy) {
    const p = RED.nodes.getNode(cfg.proxy) as HttpProxyNode | null;
    if (p && p.url) {
      const u = new URL(p.url);
      if (p.credentials?.username) {
        u.username = p.credentials.username;
        u.password = p.credentials.password ?? '';
      }
      proxy = { url: u.toString(), noProxy: p.noproxy ?? [] };
    }
  }
  const backoff = Number(process.env.IOT_FLEET_BACKOFF_BASE_MS);
  return {
    vendor,
    baseURL: common.url,
    timeout: common.timeout,
    retries: common.retries,
    concurrency: common.concurrency,
    tls,
    proxy,
    backoffBaseMs: Number.isFinite(backoff) && backoff > 0 ? backoff : undefined,
  };
}

import type { Node, NodeAPI } from 'node-red';
import { AccountConfig, AccountProps, transportSettings } from '../../core/account';
import { registerTestEndpoint } from '../../core/endpoint';
import { registerType } from '../../core/node';
import { AuthType, DEFAULT_URL, EncoAccountNode, EncoConnection, EncoCredentials } from '../auth';
import { M2mApi } from '../../m2m/api';
import { MyThingsApi } from '../../mythings/api';

interface EncoAccountConfig extends AccountConfig {
  authType?: string;
}

const authTypeOf = (v: unknown): AuthType => (v === 'token' ? 'token' : 'client');

export = function (RED: NodeAPI): void {
  function EncoAccount(this: Node<EncoCredentials> & EncoAccountNode, config: EncoAccountConfig): void {
    RED.nodes.createNode(this, config);
    const settings = transportSettings(RED, config, 'EnCo', DEFAULT_URL);
    this.concurrency = settings.concurrency;
    this.enco = new EncoConnection(settings, authTypeOf(config.authType), () => this.credentials ?? {});
    this.mythings = new MyThingsApi(this.enco);
    this.m2m = new M2mApi(this.enco);
    this.on('close', () => this.enco.destroy());
  }
  registerType(RED, 'enco-account', EncoAccount, {
    credentials: {
      clientId: { type: 'text' },
      clientSecret: { type: 'password' },
      token: { type: 'password' },
      m2mApiKey: { type: 'password' },
    },
  });

  // Test connection: the token request (client mode) or GET /mythings/1.1.0/status (token mode).
  registerTestEndpoint(RED, 'enco-account', async (props, credentials) => {
    const p = props as AccountProps & { authType?: string };
    const conn = new EncoConnection({ ...transportSettings(RED, p, 'EnCo', DEFAULT_URL), retries: 0 }, authTypeOf(p.authType), () => credentials);
    try {
      if (conn.authType === 'client') await conn.requestToken();
      else await conn.http.request({ method: 'GET', path: '/mythings/1.1.0/status', auth: conn.auth() });
    } finally {
      conn.destroy();
    }
  });
};

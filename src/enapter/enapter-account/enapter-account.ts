import type { Node, NodeAPI } from 'node-red';
import { AccountConfig, AccountProps, transportSettings } from '../../core/account';
import { registerTestEndpoint } from '../../core/endpoint';
import { registerType } from '../../core/node';
import { DEFAULT_URL, EnapterAccountNode, EnapterApi } from '../api';

interface Credentials {
  token?: string;
}

export = function (RED: NodeAPI): void {
  function EnapterAccount(this: Node<Credentials> & EnapterAccountNode, config: AccountConfig): void {
    RED.nodes.createNode(this, config);
    const settings = transportSettings(RED, config, 'Enapter', DEFAULT_URL);
    this.concurrency = settings.concurrency;
    // No credentials at all (a new account never deployed with a token): NOT_CONFIGURED, not a TypeError
    this.api = new EnapterApi(settings, () => this.credentials?.token);
    this.on('close', () => this.api.destroy());
  }
  registerType(RED, 'enapter-account', EnapterAccount, { credentials: { token: { type: 'password' } } });

  // Test connection: GET /v3/sites, a harmless read of the sites the token can see.
  registerTestEndpoint(RED, 'enapter-account', async (props, credentials) => {
    const api = new EnapterApi({ ...transportSettings(RED, props as AccountProps, 'Enapter', DEFAULT_URL), retries: 0 }, () => credentials.token);
    try {
      await api.sites();
    } finally {
      api.destroy();
    }
  });
};

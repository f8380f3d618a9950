import type { Node, NodeAPI } from 'node-red';
import { AccountConfig, AccountProps, transportSettings } from '../../core/account';
import { registerTestEndpoint } from '../../core/endpoint';
import { registerType } from '../../core/node';
import { DEFAULT_URL, EncloudAccountNode, EncloudApi, EncloudCredentials, VENDOR } from '../api';

interface EncloudAccountConfig extends AccountConfig {
  hashedPassword?: boolean | string;
}

const hashed = (v: unknown): boolean => v === true || v === 'true';

export = function (RED: NodeAPI): void {
  function EncloudAccount(this: Node<EncloudCredentials> & EncloudAccountNode, config: EncloudAccountConfig): void {
    RED.nodes.createNode(this, config);
    const settings = transportSettings(RED, config, VENDOR, DEFAULT_URL);
    this.concurrency = settings.concurrency;
    this.api = new EncloudApi(settings, () => this.credentials ?? {}, hashed(config.hashedPassword));
    this.on('close', () => this.api.destroy());
  }
  registerType(RED, 'encloud-account', EncloudAccount, {
    credentials: {
      email: { type: 'text' },
      password: { type: 'password' },
      apiKey: { type: 'password' },
    },
  });

  // Test connection: authorise, then one page of devices with limit 10 (harmless reads).
  registerTestEndpoint(RED, 'encloud-account', async (props, credentials) => {
    const p = props as AccountProps & { hashedPassword?: unknown };
    const api = new EncloudApi({ ...transportSettings(RED, p, VENDOR, DEFAULT_URL), retries: 0 }, () => credentials, hashed(p.hashedPassword));
    try {
      await api.tokens.get();
      await api.devices({ timestamp: 0, keys: ['system.uptime'], limit: 10, page: 1 });
    } finally {
      api.destroy();
    }
  });
};

/** The EnCo account's settings that the runtime and the editor share (SPEC 5.1). Pure. */

/** The account's default URL. */
export const DEFAULT_URL = 'https://api.enco.io';

/** client = OAuth client credentials, token = a fixed bearer token. */
export const AUTH_TYPES = ['client', 'token'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

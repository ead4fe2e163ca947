import { CredentialsWriter } from '../../lambda/stores/credentials-writer';
import { type Command, stringOption } from '../command';
import { EXIT_SUCCESS } from '../errors';
import { commandFooter } from '../help';
import {
  readApiBase,
  readAuthScheme,
  readTimeZone,
  required,
} from '../settings/values';
import { checkCredentials } from './credentials-check';
import { readCredentials } from './credentials-input';

export const credentialsSetCommand: Command = {
  name: 'credentials set',
  summary: 'Check a partner id and secret with Tripster, then store them',
  options: { 'key-id': { type: 'string' } },
  help: `Usage: tripster-sync credentials set [--key-id KEY]

Asks for the partner id and the secret (the secret is not shown as you type
it), or reads them from standard input when it is not a terminal: JSON
{"partner": "...", "secret": "..."} or two lines, the partner id, then the
secret. Checks them against Tripster's token exchange with the function's
client, and only when Tripster accepts them stores them in the credentials
SecureString, replacing the old value. The secret is never printed.

Warm instances of the function read the new value within
CREDENTIALS_CACHE_SECONDS (300 s unless set otherwise).

Options:
  --key-id KEY  KMS key to encrypt with (default: AWS managed alias/aws/ssm).
                The function's role needs permission to decrypt with it.
${commandFooter(['CREDENTIALS_PARAMETER_NAME', 'TRIPSTER_API_BASE', 'TRIPSTER_PARTNER_ID'], 'npx tripster-sync credentials set')}`,

  async run(values, { io, settings, clients }) {
    const resolved = await settings.resolve(['CREDENTIALS_PARAMETER_NAME']);
    const parameterName = required(resolved, 'CREDENTIALS_PARAMETER_NAME');
    const apiBase = readApiBase(resolved);
    const credentials = await readCredentials(io, resolved.TRIPSTER_PARTNER_ID);

    await checkCredentials(credentials, {
      apiBase,
      partnerId: resolved.TRIPSTER_PARTNER_ID ?? credentials.partner,
      authScheme: readAuthScheme(resolved),
      sourceTimeZone: readTimeZone(resolved),
      now: io.now(),
    });
    const version = await new CredentialsWriter(clients.ssm, parameterName).put(
      credentials,
      stringOption(values, 'key-id'),
    );
    io.stdout.write(
      `Tripster accepted the credentials of partner ${credentials.partner}. Stored them in ${parameterName} (SecureString, version ${version}).\n`,
    );

    return EXIT_SUCCESS;
  },
};

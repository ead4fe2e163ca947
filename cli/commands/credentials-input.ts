import { isPlainObject } from '../../lambda/json';
import type { PartnerCredentials } from '../../lambda/stores/credentials-writer';
import { UsageError } from '../errors';
import { type CliIo, isTerminal } from '../io';
import { Prompter } from '../terminal/prompt';

/** Largest standard input read as credentials. */
const MAX_INPUT_BYTES = 64 * 1024;

const INPUT_FORMAT =
  'Standard input must hold JSON {"partner": "...", "secret": "..."} or two lines: the partner id, then the secret.';

/**
 * Reads the partner id and secret. On a terminal it prompts, and the secret
 * is not echoed. Otherwise it reads standard input, for scripts. It prints
 * neither the secret nor input that failed to parse.
 */
export async function readCredentials(
  io: CliIo,
  defaultPartner: string | undefined,
): Promise<PartnerCredentials> {
  const credentials = isTerminal(io.stdin)
    ? await askCredentials(io, defaultPartner)
    : parseCredentials(await readInput(io));
  if (credentials.partner === '' || credentials.secret === '') {
    throw new UsageError('The partner id and the secret must not be empty.');
  }

  return credentials;
}

async function askCredentials(
  io: CliIo,
  defaultPartner: string | undefined,
): Promise<PartnerCredentials> {
  const prompter = new Prompter(io);
  try {
    const hint = defaultPartner === undefined ? '' : ` [${defaultPartner}]`;
    const partner = (await prompter.line(`Partner id${hint}: `)).trim();
    const secret = (await prompter.secret('Secret (not shown): ')).trim();

    return { partner: partner || (defaultPartner ?? ''), secret };
  } finally {
    prompter.close();
  }
}

/** Parses JSON `{"partner", "secret"}` or two lines of text. */
export function parseCredentials(text: string): PartnerCredentials {
  if (text.trimStart().startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError(`${INPUT_FORMAT} It is not valid JSON.`);
    }
    if (
      !isPlainObject(value) ||
      typeof value.partner !== 'string' ||
      typeof value.secret !== 'string'
    ) {
      throw new UsageError(INPUT_FORMAT);
    }

    return { partner: value.partner.trim(), secret: value.secret.trim() };
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length !== 2) {
    throw new UsageError(INPUT_FORMAT);
  }

  return { partner: lines[0]?.trim() ?? '', secret: lines[1]?.trim() ?? '' };
}

async function readInput(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of io.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += buffer.length;
    if (total > MAX_INPUT_BYTES) {
      throw new UsageError(`${INPUT_FORMAT} It is longer than 64 KiB.`);
    }
    chunks.push(buffer);
  }

  return Buffer.concat(chunks).toString('utf8');
}

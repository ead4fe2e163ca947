/**
 * Starts the simulator with generated orders for demos and manual checks:
 *   npx tsx test/simulator/cli.ts --orders 1000 --latency 50
 * Runs until SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { generateOrders } from './generator';
import type { Ordering } from './listing';
import { startSimulator } from './simulator';

const HELP = `Usage: npx tsx test/simulator/cli.ts [options]

  --orders N        generated orders to start with (default 1000)
  --latency MS      delay before each orders response, in ms (default 0)
  --page-size N     orders per page (default 50)
  --ordering KEY    -id, id, updated_at or -updated_at (default -id)
  --seed N          seed of the generated orders (default 1)
  --partner ID      partner id that the token exchange accepts
  --secret TEXT     secret that the token exchange accepts
`;

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '0' },
    'page-size': { type: 'string', default: '50' },
    ordering: { type: 'string', default: '-id' },
    seed: { type: 'string', default: '1' },
    partner: { type: 'string', default: 'somepartner' },
    secret: { type: 'string', default: 'test-secret' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const simulator = await startSimulator({
  partnerId: values.partner,
  secret: values.secret,
  latencyMs: readNumber('latency', values.latency),
  pageSize: readNumber('page-size', values['page-size']),
  ordering: values.ordering as Ordering,
  orders: generateOrders({
    count: readNumber('orders', values.orders),
    seed: readNumber('seed', values.seed),
    partnerId: values.partner,
  }),
});

process.stdout.write(
  [
    `Tripster simulator listening with ${values.orders} orders`,
    `apiBase: ${simulator.apiBase}`,
    `partner: ${values.partner}`,
    `secret: ${values.secret}`,
    '',
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    simulator.stop().then(() => process.stdout.write('Simulator stopped\n'));
  });
}

function readNumber(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    process.stderr.write(`--${option} must be a number, got "${text}"\n`);
    process.exit(2);
  }

  return value;
}

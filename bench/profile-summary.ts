import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The parts of a V8 `.cpuprofile` file that the summary reads. */
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
  readonly children?: readonly number[];
}

export interface ProfileEntry {
  readonly name: string;
  readonly ms: number;
}

/** Sampled CPU time of one worker, by origin and by function. */
export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  /** Self time by origin: the sync, the AWS SDK, Node, GC, idle... */
  readonly byOrigin: ProfileEntry[];
  /** Functions with the most self time. */
  readonly topSelf: ProfileEntry[];
  /** Functions of lambda/ with the most time including their callees. */
  readonly topSyncInclusive: ProfileEntry[];
}

/** File name given to bundle code that its source map does not cover. */
const UNMAPPED = 'bundle code without a source mapping';

const ORIGINS: readonly [RegExp, string][] = [
  [new RegExp(`^${UNMAPPED}$`), 'esbuild runtime helpers'],
  [/(^|\/)lambda\//, 'sync (lambda/)'],
  [
    /node_modules\/@aws-sdk\/(lib-dynamodb|util-dynamodb|dynamodb-codec)\//,
    'AWS SDK (DynamoDB marshalling)',
  ],
  [/node_modules\/@aws-sdk\//, 'AWS SDK (@aws-sdk)'],
  [/node_modules\/@smithy\//, 'AWS SDK (@smithy)'],
  [/node_modules\/@aws-crypto\//, 'AWS SDK (@aws-crypto)'],
  [/node_modules\/fast-xml-parser|strnum/, 'AWS SDK (XML parser)'],
  [/node_modules\/@aws-lambda-powertools\//, 'Powertools'],
  [/node_modules\/lossless-json\//, 'lossless-json'],
  [/^node:|^internal\//, 'Node.js runtime'],
  [/(^|\/)bench\//, 'benchmark worker'],
];

/** A profile position mapped back to the source file that produced it. */
interface SourcePosition {
  readonly file: string;
  /** 1-based line in `file`. */
  readonly line: number;
  /** The function's name in the source, where the map records it. */
  readonly name?: string;
}

/**
 * Maps positions in a bundle back to its sources through the bundle's
 * source map, so the minified worker's samples name their source files.
 */
class SourceLocator {
  private readonly maps = new Map<string, SourceMap | null>();

  locate({ callFrame }: ProfileNode): SourcePosition {
    const { url, lineNumber, columnNumber } = callFrame;
    const map = this.mapFor(url);
    if (map === null) {
      return { file: url, line: lineNumber + 1 };
    }
    const entry = map.findEntry(lineNumber, columnNumber);
    if (!('originalSource' in entry)) {
      // esbuild's own helpers, such as the one behind --keep-names.
      return { file: UNMAPPED, line: lineNumber + 1 };
    }
    const { name } = entry as { name?: string };

    return {
      file: entry.originalSource.replace(/^(\.\.\/)+/, ''),
      line: entry.originalLine + 1,
      ...(name === undefined ? {} : { name }),
    };
  }

  private mapFor(url: string): SourceMap | null {
    if (!this.maps.has(url)) {
      const path = url.startsWith('file:') ? `${fileURLToPath(url)}.map` : '';
      const payload =
        path !== '' && existsSync(path)
          ? (JSON.parse(readFileSync(path, 'utf8')) as SourceMapPayload)
          : null;
      this.maps.set(url, payload === null ? null : new SourceMap(payload));
    }

    return this.maps.get(url) ?? null;
  }
}

function originOf(node: ProfileNode, position: SourcePosition): string {
  if (node.callFrame.url === '') {
    const name = node.callFrame.functionName;
    return name.startsWith('(') ? name : 'native (V8)';
  }

  return (
    ORIGINS.find(([pattern]) => pattern.test(position.file))?.[1] ?? 'other'
  );
}

function functionKey(node: ProfileNode, position: SourcePosition): string {
  const file = position.file.replace(/^.*\/(node_modules|work\/main)\//, '');

  const name = position.name ?? node.callFrame.functionName;

  return `${name || '(anonymous)'} ${file}:${position.line}`;
}

/** Reads a `.cpuprofile` and sums self and inclusive time per function. */
export function summarizeProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const locator = new SourceLocator();
  const positions = new Map(
    profile.nodes.map((node) => [node.id, locator.locate(node)]),
  );
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    const deltaMs = (profile.timeDeltas[index] ?? 0) / 1000;
    selfMs.set(id, (selfMs.get(id) ?? 0) + deltaMs);
  });

  const byOrigin = new Map<string, number>();
  const bySelf = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = nodes.get(id) as ProfileNode;
    const position = positions.get(id) as SourcePosition;
    add(byOrigin, originOf(node, position), ms);
    add(bySelf, functionKey(node, position), ms);
  }
  const inclusive = new Map<string, number>();
  const root = profile.nodes[0];
  if (root !== undefined) {
    addInclusive(root, { nodes, positions, selfMs }, inclusive, new Set());
  }
  const totalMs = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);

  return {
    file: path,
    totalMs,
    byOrigin: ranked(byOrigin, 20),
    topSelf: ranked(bySelf, top),
    topSyncInclusive: ranked(inclusive, top),
  };
}

interface ProfileIndex {
  readonly nodes: ReadonlyMap<number, ProfileNode>;
  readonly positions: ReadonlyMap<number, SourcePosition>;
  readonly selfMs: ReadonlyMap<number, number>;
}

/**
 * Adds each lambda/ function's subtree time once per stack, so recursion
 * does not count a sample twice. Returns the subtree time of `node`.
 */
function addInclusive(
  node: ProfileNode,
  index: ProfileIndex,
  inclusive: Map<string, number>,
  onStack: Set<string>,
): number {
  const position = index.positions.get(node.id) as SourcePosition;
  const key = functionKey(node, position);
  const counted = /(^|\/)lambda\//.test(position.file) && !onStack.has(key);
  if (counted) {
    onStack.add(key);
  }
  let subtree = index.selfMs.get(node.id) ?? 0;
  for (const childId of node.children ?? []) {
    const child = index.nodes.get(childId);
    if (child !== undefined) {
      subtree += addInclusive(child, index, inclusive, onStack);
    }
  }
  if (counted) {
    onStack.delete(key);
    add(inclusive, key, subtree);
  }

  return subtree;
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function ranked(map: ReadonlyMap<string, number>, top: number): ProfileEntry[] {
  return [...map]
    .map(([name, ms]) => ({ name, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}

/**
 * Stops what the demo started exactly once, whether it finished, failed or
 * received SIGINT or SIGTERM, and then ends the process.
 */

type StopAction = () => Promise<void>;

const stopActions: StopAction[] = [];
let exiting = false;

/** Registers a stop action. `exitDemo` runs them newest first. */
export function onExit(action: StopAction): void {
  stopActions.push(action);
}

/**
 * Returns whether the demo is stopping. A failure after that is a side
 * effect of the stop, not a reason to report.
 */
export function isExiting(): boolean {
  return exiting;
}

/**
 * Prints `reason` (when given) to standard error, runs every stop action and
 * exits with `code`. Calls after the first are ignored.
 */
export async function exitDemo(code: number, reason?: string): Promise<void> {
  if (exiting) {
    return;
  }
  exiting = true;
  if (reason !== undefined) {
    process.stderr.write(`${reason}\n`);
  }

  for (const action of stopActions.reverse()) {
    try {
      await action();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`Stopping a demo process failed: ${message}\n`);
      code = code === 0 ? 1 : code;
    }
  }
  process.exit(code);
}

/**
 * Stops everything on SIGINT and SIGTERM. The handlers stay installed, so a
 * repeated signal (a terminal sends Ctrl-C to the whole process group, and
 * tsx may relay it again) does not kill the demo before it has stopped its
 * children.
 */
export function exitOnSignals(): void {
  const codes = { SIGINT: 130, SIGTERM: 143 } as const;
  for (const [signal, code] of Object.entries(codes)) {
    process.on(signal, () => {
      void exitDemo(code, `\nReceived ${signal}, stopping the demo.`);
    });
  }
}

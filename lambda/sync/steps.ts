/** Boundaries between the steps of a run, where tests inject crashes. */
export type SyncStep =
  | 'page-fetched'
  | 'events-published'
  | 'orders-written'
  | 'resume-saved'
  | 'checkpoint-saved';

/** Called after each step; a hook that throws stops the run right there. */
export type StepHook = (step: SyncStep) => void | Promise<void>;

/**
 * Polling: submit a long-running job, then poll its status with `waitForCondition`. Between polls
 * the function suspends (no compute is billed) for a delay that grows per attempt
 * (`createWaitStrategy`); each poll's state is recorded, so a replay never polls again.
 */
import { createWaitStrategy, JitterStrategy, withDurableExecution, type DurableContext } from 'durable-lambda';

export interface ExportRequest {
  reportId: string;
  /** Demo only: how many status checks the fake job needs before it finishes. */
  checksUntilDone?: number;
}

export interface JobState {
  jobId: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED';
  checks: number;
  downloadUrl?: string;
}

export type ExportResult =
  | { status: 'ready'; jobId: string; downloadUrl: string; checks: number }
  | { status: 'abandoned'; jobId: string; reason: string };

/** The job API being polled (in-memory here). */
export interface JobService {
  submit(request: ExportRequest): Promise<string>;
  status(jobId: string): Promise<Pick<JobState, 'status' | 'downloadUrl'>>;
  cancel(jobId: string): Promise<void>;
}

/** Demo job service: a job succeeds on its `checksUntilDone`-th status call (default 3). `calls` records every call. */
export function createDemoJobService(): JobService & { calls: string[] } {
  const calls: string[] = [];
  const jobs = new Map<string, { remaining: number }>();
  return {
    calls,
    submit: async (request) => {
      const jobId = `job-${request.reportId}`;
      calls.push(`submit ${jobId}`);
      jobs.set(jobId, { remaining: request.checksUntilDone ?? 3 });
      return jobId;
    },
    status: async (jobId) => {
      calls.push(`status ${jobId}`);
      const job = jobs.get(jobId);
      if (!job) throw new Error(`Unknown job ${jobId}`);
      job.remaining -= 1;
      return job.remaining > 0 ? { status: 'RUNNING' } : { status: 'SUCCEEDED', downloadUrl: `https://exports.example.com/${jobId}.csv` };
    },
    cancel: async (jobId) => void calls.push(`cancel ${jobId}`),
  };
}

/** Polls after 10 s, 20 s, 40 s … (capped at 5 min), at most 8 times. */
const pollStrategy = createWaitStrategy<JobState>({
  shouldContinuePolling: (state) => state.status !== 'SUCCEEDED',
  initialDelay: { seconds: 10 },
  backoffRate: 2,
  maxDelay: { minutes: 5 },
  maxAttempts: 8,
  jitter: JitterStrategy.NONE,
});

/**
 * Builds the polling handler over `jobs`.
 *
 * @example
 * export const handler = createExportPoller(createDemoJobService());
 */
export function createExportPoller(jobs: JobService) {
  return withDurableExecution(async (request: ExportRequest, context: DurableContext): Promise<ExportResult> => {
    const jobId = await context.step('submit-job', () => jobs.submit(request));
    try {
      const done = await context.waitForCondition<JobState>(
        'job-finished',
        async (state, { logger }) => {
          const { status, downloadUrl } = await jobs.status(state.jobId);
          logger.info('job status', { jobId: state.jobId, status });
          return { ...state, status, checks: state.checks + 1, ...(downloadUrl !== undefined ? { downloadUrl } : {}) };
        },
        { initialState: { jobId, status: 'QUEUED', checks: 0 }, waitStrategy: pollStrategy },
      );
      return { status: 'ready', jobId, downloadUrl: done.downloadUrl ?? '', checks: done.checks };
    } catch (error) {
      await context.step('cancel-job', () => jobs.cancel(jobId));
      return { status: 'abandoned', jobId, reason: (error as Error).message };
    }
  });
}

export const handler = createExportPoller(createDemoJobService());

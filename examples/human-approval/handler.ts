/**
 * Human approval with a timeout and escalation: the manager gets a callback id and a day to
 * answer; if the callback times out, the request escalates to a director with two more days.
 * The function is suspended (and billed nothing) while it waits.
 *
 * An approver answers with `SendDurableExecutionCallbackSuccess` and a JSON body such as
 * `{"approved":true,"comment":"ok"}`, e.g. `durable-lambda callback succeed <id> --result '{"approved":true}'`
 * against the local service.
 */
import { CallbackTimeoutError, withDurableExecution, type DurableContext, type Duration } from 'durable-lambda';

export interface ExpenseRequest {
  requestId: string;
  amountCents: number;
  manager: string;
  director: string;
}

/** The body an approver sends back. */
export interface ApprovalAnswer {
  approved: boolean;
  comment?: string;
}

export type ApprovalResult =
  | { decision: 'approved' | 'rejected'; by: string; escalated: boolean; comment?: string }
  | { decision: 'expired'; escalated: true };

/** How approvers are reached (e-mail or chat in production; in-memory here). */
export interface ApproverNotifier {
  requestApproval(options: { approver: string; callbackId: string; request: ExpenseRequest; escalated: boolean }): Promise<void>;
}

/** Demo notifier: remembers every request it sent, so a test or a script can answer it. */
export function createDemoNotifier(): ApproverNotifier & { sent: { approver: string; callbackId: string; escalated: boolean }[] } {
  const sent: { approver: string; callbackId: string; escalated: boolean }[] = [];
  return {
    sent,
    requestApproval: async ({ approver, callbackId, escalated }) => void sent.push({ approver, callbackId, escalated }),
  };
}

export const MANAGER_TIMEOUT: Duration = { hours: 24 };
export const DIRECTOR_TIMEOUT: Duration = { hours: 48 };

const answerSerdes = {
  deserialize: async (text: string | undefined): Promise<ApprovalAnswer | undefined> =>
    text === undefined || text === '' ? undefined : (JSON.parse(text) as ApprovalAnswer),
};

/**
 * Asks one approver: `waitForCallback` creates the callback, runs the submitter (a durable step
 * that sends the id to the approver), then waits. Resolves `undefined` when the callback times out.
 */
async function ask(
  context: DurableContext,
  notifier: ApproverNotifier,
  options: { role: string; approver: string; request: ExpenseRequest; timeout: Duration; escalated: boolean },
): Promise<ApprovalAnswer | undefined> {
  try {
    return await context.waitForCallback<ApprovalAnswer | undefined>(
      `${options.role}-approval`,
      (callbackId) => notifier.requestApproval({ approver: options.approver, callbackId, request: options.request, escalated: options.escalated }),
      { timeout: options.timeout, serdes: answerSerdes },
    );
  } catch (error) {
    if (error instanceof CallbackTimeoutError) return undefined;
    throw error;
  }
}

/**
 * Builds the approval handler over `notifier`.
 *
 * @example
 * export const handler = createApprovalWorkflow(createDemoNotifier());
 */
export function createApprovalWorkflow(notifier: ApproverNotifier) {
  return withDurableExecution(async (request: ExpenseRequest, context: DurableContext): Promise<ApprovalResult> => {
    const first = await ask(context, notifier, { role: 'manager', approver: request.manager, request, timeout: MANAGER_TIMEOUT, escalated: false });
    if (first !== undefined) return decided(first, request.manager, false);

    context.logger.warn('manager did not answer in time; escalating', { requestId: request.requestId });
    const second = await ask(context, notifier, { role: 'director', approver: request.director, request, timeout: DIRECTOR_TIMEOUT, escalated: true });
    if (second !== undefined) return decided(second, request.director, true);
    return { decision: 'expired', escalated: true };
  });
}

const decided = (answer: ApprovalAnswer, by: string, escalated: boolean): ApprovalResult => ({
  decision: answer.approved ? 'approved' : 'rejected',
  by,
  escalated,
  ...(answer.comment !== undefined ? { comment: answer.comment } : {}),
});

export const handler = createApprovalWorkflow(createDemoNotifier());

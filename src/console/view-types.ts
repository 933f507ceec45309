/**
 * The JSON the console's Node side sends its page: shared by the server (which builds it from
 * the public API's answers) and the page (which only renders it). Type-only: no code here.
 */

/** A function the console lists. */
export interface FunctionItem {
  name: string;
  arn?: string;
}

/** One row of the executions list (ListDurableExecutionsByFunction). */
export interface ExecutionItem {
  arn: string;
  name: string;
  functionArn?: string;
  status: string;
  startMs?: number;
  endMs?: number;
}

/** One page of the executions list; `nextMarker` pages on as the API pages. */
export interface ExecutionPage {
  executions: ExecutionItem[];
  nextMarker?: string;
}

/** A payload as the page may show it: plain JSON as text; encoded ones only described. */
export interface PayloadView {
  /** The history event and field it comes from (the key of a reveal). */
  eventId: number;
  field: string;
  bytes: number;
  /** `plain`, or what the envelope says (format, compression, encryption key, offload). */
  encoding: string;
  /** Plain payloads' text (cut at 4 KB); absent for encoded payloads until revealed. */
  text?: string;
  truncated?: boolean;
}

/** An error as recorded (ErrorObject), with its stack and data (cause). */
export interface ErrorView {
  type?: string;
  message?: string;
  data?: string;
  stack?: string[];
}

/** A span of time on the Gantt timeline. */
export interface Segment {
  fromMs: number;
  /** Absent while still open (the page draws it to "now"). */
  toMs?: number;
  kind: 'run' | 'retry-delay' | 'wait' | 'callback' | 'invoke' | 'context' | 'invocation';
  label?: string;
}

/** One operation in the tree, with its timeline row. */
export interface OperationNode {
  id: string;
  parentId?: string;
  kind: string;
  subType?: string;
  name?: string;
  status: string;
  attempts: number;
  startMs?: number;
  endMs?: number;
  callbackId?: string;
  input?: PayloadView;
  result?: PayloadView;
  error?: ErrorView;
  segments: Segment[];
  children: OperationNode[];
}

/** A row of the event list. */
export interface EventRow {
  eventId: number;
  type: string;
  id?: string;
  name?: string;
  atMs?: number;
}

/** Everything the execution page shows. */
export interface ExecutionView {
  arn: string;
  name: string;
  functionName: string;
  status: string;
  startMs?: number;
  endMs?: number;
  /** Time of the latest event: "now" on the service's clock, which may run faster than the page's (time scale). */
  lastEventMs?: number;
  input?: PayloadView;
  result?: PayloadView;
  error?: ErrorView;
  operations: OperationNode[];
  invocations: Segment[];
  events: EventRow[];
  /** Callbacks still waiting for an answer. */
  pendingCallbacks: { callbackId: string; name?: string; operationId: string }[];
  usage: { operations: number; events: number; invocations: number; payloadBytes: number };
  /** Whether stop, callbacks and start are allowed from this console. */
  actions: boolean;
}

/** A revealed payload, or why it cannot be decoded. */
export interface RevealedPayload {
  eventId: number;
  field: string;
  value?: string;
  error?: string;
}

/** What the page learns about the console at start. */
export interface ConsoleInfo {
  target: string;
  actions: boolean;
  canReveal: boolean;
  functions: FunctionItem[];
}

/** An execution: summary, actions, pending callbacks, timeline, operation tree, events, payloads, usage. */
import { h, type VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ErrorView, ExecutionView, OperationNode, PayloadView, RevealedPayload } from '../view-types.js';
import { api } from './api.js';
import { executionHref, formatBytes, formatDuration, formatTime, functionHref } from './format.js';
import { Gantt } from './gantt.js';
import { OperationTree } from './tree.js';

const LIVE_MS = 1000;
type Revealed = Map<string, RevealedPayload>;

const findOp = (nodes: OperationNode[], id: string | undefined): OperationNode | undefined => {
  for (const n of nodes) {
    if (n.id === id) return n;
    const found = findOp(n.children, id);
    if (found) return found;
  }
  return undefined;
};

const Payload = (props: { title: string; payload: PayloadView | undefined; revealed: Revealed }): VNode<any> | null => {
  const p = props.payload;
  if (!p) return null;
  const r = props.revealed.get(`${p.eventId}:${p.field}`);
  return h('div', { class: 'payload' },
    h('h3', null, `${props.title} · ${formatBytes(p.bytes)} · ${p.encoding}`),
    p.text !== undefined
      ? h('pre', { 'aria-label': props.title }, p.text, p.truncated ? '\n… (cut)' : '')
      : r?.value !== undefined
        ? h('pre', { class: 'revealed', 'aria-label': `${props.title} (decoded)` }, r.value)
        : r?.error !== undefined
          ? h('p', { class: 'error' }, `Cannot decode: ${r.error}`)
          : h('p', { class: 'muted' }, 'Encoded; use "Reveal payloads" to decode it in the console process.'),
  );
};

const ErrorBlock = (props: { error: ErrorView | undefined }): VNode<any> | null => {
  const e = props.error;
  if (!e) return null;
  return h('div', { class: 'error-block', role: 'group', 'aria-label': 'Error' },
    h('p', null, h('strong', null, e.type ?? 'Error'), `: ${e.message ?? ''}`),
    e.stack && e.stack.length > 0 ? h('pre', { class: 'stack' }, e.stack.join('\n')) : null,
    e.data !== undefined ? h('details', null, h('summary', null, 'Error data (cause)'), h('pre', null, e.data)) : null,
  );
};

const CallbackForm = (props: { callback: ExecutionView['pendingCallbacks'][number]; onDone: (message: string) => void; onError: (message: string) => void }): VNode<any> => {
  const { callback } = props;
  const [result, setResult] = useState('{}');
  const send = (outcome: 'success' | 'failure' | 'heartbeat'): void => {
    const body = outcome === 'success' ? { callbackId: callback.callbackId, outcome, result } : outcome === 'failure' ? { callbackId: callback.callbackId, outcome, errorType: 'RejectedFromConsole', errorMessage: result } : { callbackId: callback.callbackId, outcome };
    api.callback(body).then(() => props.onDone(`Callback ${callback.name ?? callback.callbackId}: ${outcome} sent`), (e: Error) => props.onError(e.message));
  };
  const id = `cb-${callback.operationId}`;
  return h('form', { class: 'callback', 'aria-label': `Answer callback ${callback.name ?? callback.callbackId}`, onSubmit: (e: Event) => { e.preventDefault(); send('success'); } },
    h('h3', null, `Callback ${callback.name ?? ''} waits`),
    h('p', { class: 'muted' }, h('code', null, callback.callbackId)),
    h('label', { for: id }, 'Result (JSON) or failure message'),
    h('textarea', { id, rows: 2, value: result, onInput: (e: Event) => setResult((e.target as HTMLTextAreaElement).value) }),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit' }, 'Send success'),
      h('button', { type: 'button', onClick: () => send('failure') }, 'Send failure'),
      h('button', { type: 'button', onClick: () => send('heartbeat') }, 'Heartbeat')),
  );
};

export const ExecutionPage = (props: { arn: string; canReveal: boolean }): VNode<any> => {
  const [view, setView] = useState<ExecutionView | undefined>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [revealed, setRevealed] = useState<Revealed>(new Map());
  const [selected, setSelected] = useState<string | undefined>();
  const [now, setNow] = useState(Date.now());
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = (): void => {
      api.execution(props.arn).then(
        (v) => {
          if (stopped) return;
          setView(v);
          setNow(Math.max(Date.now(), v.lastEventMs ?? 0));
          setError('');
          if (v.status === 'RUNNING') timer = setTimeout(load, LIVE_MS);
        },
        (e: Error) => {
          if (stopped) return;
          setError(e.message);
          timer = setTimeout(load, LIVE_MS * 3);
        },
      );
    };
    load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [props.arn, tick]);

  if (!view) return h('main', { id: 'main' }, error !== '' ? h('p', { role: 'alert', class: 'error' }, error) : h('p', null, 'Loading…'));
  const refresh = (message: string): void => {
    setNotice(message);
    setTick(tick + 1);
  };
  const fail = (message: string): void => setError(message);
  const reveal = (): void => {
    api.reveal(view.arn).then((list) => {
      setRevealed(new Map(list.map((r) => [`${r.eventId}:${r.field}`, r])));
      const bad = list.filter((r) => r.error !== undefined).length;
      setNotice(`Revealed ${list.length - bad} of ${list.length} payloads`);
    }, (e: Error) => fail(e.message));
  };
  const op = findOp(view.operations, selected);
  const duration = view.startMs === undefined ? undefined : Math.max(0, (view.endMs ?? now) - view.startMs);

  return h('main', { id: 'main', class: 'execution' },
    h('p', null, h('a', { href: functionHref(view.functionName) }, `← Executions of ${view.functionName}`)),
    h('h1', null, view.name, ' ', h('span', { class: `status status-${view.status}`, 'data-testid': 'execution-status' }, view.status)),
    h('dl', { class: 'summary' },
      h('dt', null, 'Function'), h('dd', null, view.functionName),
      h('dt', null, 'Started'), h('dd', null, formatTime(view.startMs)),
      h('dt', null, 'Duration'), h('dd', null, formatDuration(duration)),
      h('dt', null, 'ARN'), h('dd', null, h('code', null, view.arn)),
    ),
    h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Execution actions' },
      props.canReveal ? h('button', { type: 'button', onClick: reveal }, 'Reveal payloads') : null,
      h('a', { class: 'button', href: api.exportUrl(view.arn), download: `${view.name}.history.json` }, 'Export JSON'),
      view.actions && view.status === 'RUNNING'
        ? h('button', { type: 'button', class: 'danger', onClick: () => api.stop(view.arn).then(() => refresh('Stop sent'), (e: Error) => fail(e.message)) }, 'Stop execution')
        : null,
      view.actions
        ? h('button', { type: 'button', onClick: () => api.startAgain(view.arn).then((r) => { if (r.arn) location.hash = executionHref(r.arn); }, (e: Error) => fail(e.message)) }, 'Start again')
        : null,
    ),
    notice !== '' ? h('p', { role: 'status', class: 'notice' }, notice) : null,
    error !== '' ? h('p', { role: 'alert', class: 'error' }, error) : null,
    view.actions && view.pendingCallbacks.length > 0
      ? h('section', { 'aria-labelledby': 'callbacks-title' }, h('h2', { id: 'callbacks-title' }, 'Pending callbacks'),
        view.pendingCallbacks.map((c) => h(CallbackForm, { key: c.callbackId, callback: c, onDone: refresh, onError: fail })))
      : null,
    h('section', { 'aria-labelledby': 'timeline-title' }, h('h2', { id: 'timeline-title' }, 'Timeline'), h(Gantt, { view, now, onSelect: setSelected })),
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'ops-title' }, h('h2', { id: 'ops-title' }, 'Operations'), h(OperationTree, { roots: view.operations, selected, onSelect: setSelected })),
      h('section', { 'aria-labelledby': 'op-title', class: 'op-details' },
        h('h2', { id: 'op-title' }, op ? `${op.name ?? op.kind} (${op.subType ?? op.kind})` : 'Select an operation'),
        op ? h('dl', { class: 'summary' },
          h('dt', null, 'Status'), h('dd', null, op.status),
          h('dt', null, 'Attempts'), h('dd', null, String(op.attempts)),
          h('dt', null, 'Started'), h('dd', null, formatTime(op.startMs)),
          h('dt', null, 'Duration'), h('dd', null, op.startMs === undefined ? '' : formatDuration((op.endMs ?? now) - op.startMs)),
          h('dt', null, 'Id'), h('dd', null, h('code', null, op.id))) : null,
        op ? h(Payload, { title: 'Input', payload: op.input, revealed }) : null,
        op ? h(Payload, { title: 'Result', payload: op.result, revealed }) : null,
        op ? h(ErrorBlock, { error: op.error }) : null,
      ),
    ),
    h('section', { 'aria-labelledby': 'io-title' }, h('h2', { id: 'io-title' }, 'Input and result'),
      h(Payload, { title: 'Execution input', payload: view.input, revealed }),
      h(Payload, { title: 'Execution result', payload: view.result, revealed }),
      h(ErrorBlock, { error: view.error })),
    h('section', { 'aria-labelledby': 'usage-title' }, h('h2', { id: 'usage-title' }, 'Usage'),
      h('p', null, `${view.usage.operations} operations · ${view.usage.events} events · ${view.usage.invocations} invocations · ${formatBytes(view.usage.payloadBytes)} of payloads written`)),
    h('section', { 'aria-labelledby': 'events-title' }, h('h2', { id: 'events-title' }, 'Events'),
      h('table', { class: 'events', 'aria-label': 'History events' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'Event'), h('th', { scope: 'col' }, 'Operation'), h('th', { scope: 'col' }, 'Time'))),
        h('tbody', null, view.events.map((e) => h('tr', { key: e.eventId },
          h('td', null, String(e.eventId)), h('td', null, e.type), h('td', null, e.name ?? e.id ?? ''), h('td', null, formatTime(e.atMs))))))),
  );
};

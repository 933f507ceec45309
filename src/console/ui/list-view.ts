/** The executions list of a function: filters (status, name, start time), paging, start, live refresh. */
import { h, type VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleInfo, ExecutionItem, ExecutionPage } from '../view-types.js';
import { api, type ListQuery } from './api.js';
import { executionHref, formatDuration, formatTime, functionHref } from './format.js';

const STATUSES = ['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'STOPPED'];
const LIVE_MS = 1000;

/** Arrow keys move between the rows' links (one tab stop for the whole list). */
const onRowsKey = (event: KeyboardEvent): void => {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return;
  const links = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLAnchorElement>('a.row-link')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? links.length - 1 : Math.min(links.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)));
  links[next]?.focus();
  event.preventDefault();
};

const StartForm = (props: { functionName: string; onStarted: (arn: string | undefined) => void }): VNode<any> => {
  const [input, setInput] = useState('{}');
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const submit = (event: Event): void => {
    event.preventDefault();
    setError('');
    api.start({ function: props.functionName, input, ...(name !== '' ? { name } : {}) }).then((r) => props.onStarted(r.arn), (e: Error) => setError(e.message));
  };
  return h('form', { class: 'start', onSubmit: submit, 'aria-label': 'Start an execution' },
    h('h2', null, `Start ${props.functionName}`),
    h('label', null, 'Input (JSON)', h('textarea', { name: 'input', rows: 3, value: input, onInput: (e: Event) => setInput((e.target as HTMLTextAreaElement).value) })),
    h('label', null, 'Execution name (optional)', h('input', { name: 'name', value: name, onInput: (e: Event) => setName((e.target as HTMLInputElement).value) })),
    h('button', { type: 'submit' }, 'Start execution'),
    error !== '' ? h('p', { role: 'alert', class: 'error' }, error) : null,
  );
};

const Row = (props: { e: ExecutionItem; now: number }): VNode<any> =>
  h('tr', null,
    h('td', null, h('a', { class: 'row-link', href: executionHref(props.e.arn) }, props.e.name)),
    h('td', null, h('span', { class: `status status-${props.e.status}` }, props.e.status)),
    h('td', null, formatTime(props.e.startMs)),
    h('td', null, props.e.startMs === undefined ? '' : formatDuration((props.e.endMs ?? props.now) - props.e.startMs)),
  );

/** The list page. */
export const ListView = (props: { info: ConsoleInfo; functionName: string | undefined }): VNode<any> => {
  const functionName = props.functionName ?? props.info.functions[0]?.name ?? '';
  const [filters, setFilters] = useState({ status: '', name: '', after: '', before: '' });
  const [markers, setMarkers] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<ExecutionPage | undefined>();
  const [error, setError] = useState('');
  const [live, setLive] = useState(true);
  const [now, setNow] = useState(Date.now());
  const marker = markers.at(-1);
  const query: ListQuery = { functionName, ...filters, ...(marker !== undefined ? { marker } : {}) };
  const key = JSON.stringify(query);
  const latest = useRef(key);
  latest.current = key;

  useEffect(() => {
    if (functionName === '') return undefined;
    const load = (): void => {
      const asked = key;
      api.executions(query).then(
        (p) => {
          if (latest.current !== asked) return;
          setPage(p);
          setError('');
          // The service's clock may run ahead of the page's (a time scale): never show a negative duration.
          setNow(Math.max(Date.now(), ...p.executions.map((e) => e.startMs ?? 0)));
        },
        (e: Error) => setError(e.message),
      );
    };
    load();
    if (!live) return undefined;
    const timer = setInterval(load, LIVE_MS);
    return () => clearInterval(timer);
  }, [key, live]);

  const setFilter = (name: keyof typeof filters) => (event: Event): void => {
    setMarkers([undefined]);
    setFilters({ ...filters, [name]: (event.target as HTMLInputElement).value });
  };

  return h('main', { id: 'main' },
    h('nav', { 'aria-label': 'Functions', class: 'functions' },
      h('h2', null, 'Functions'),
      props.info.functions.length === 0 ? h('p', null, 'No durable functions found.') : null,
      h('ul', null, props.info.functions.map((f) =>
        h('li', { key: f.name }, h('a', { href: functionHref(f.name), 'aria-current': f.name === functionName ? 'page' : undefined }, f.name)))),
    ),
    h('section', { class: 'executions', 'aria-labelledby': 'executions-title' },
      h('h1', { id: 'executions-title' }, `Executions of ${functionName || '…'}`),
      h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter executions', onSubmit: (e: Event) => e.preventDefault() },
        h('label', null, 'Status', h('select', { value: filters.status, onChange: setFilter('status') }, STATUSES.map((s) => h('option', { key: s, value: s }, s === '' ? 'any' : s)))),
        h('label', null, 'Name', h('input', { type: 'search', value: filters.name, onInput: setFilter('name') })),
        h('label', null, 'Started after', h('input', { type: 'datetime-local', value: filters.after, onInput: setFilter('after') })),
        h('label', null, 'Started before', h('input', { type: 'datetime-local', value: filters.before, onInput: setFilter('before') })),
        h('label', { class: 'inline' }, h('input', { type: 'checkbox', checked: live, onChange: () => setLive(!live) }), 'Live'),
      ),
      error !== '' ? h('p', { role: 'alert', class: 'error' }, error) : null,
      h('table', { class: 'list', 'aria-label': `Executions of ${functionName}` },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Started'), h('th', { scope: 'col' }, 'Duration'))),
        h('tbody', { onKeyDown: onRowsKey }, (page?.executions ?? []).map((e) => h(Row, { key: e.arn, e, now }))),
      ),
      page && page.executions.length === 0 ? h('p', null, 'No executions match.') : null,
      h('div', { class: 'paging' },
        h('button', { type: 'button', disabled: markers.length <= 1, onClick: () => setMarkers(markers.slice(0, -1)) }, 'Previous page'),
        h('button', { type: 'button', disabled: page?.nextMarker === undefined, onClick: () => page?.nextMarker !== undefined && setMarkers([...markers, page.nextMarker]) }, 'Next page'),
      ),
      props.info.actions && functionName !== ''
        ? h(StartForm, { functionName, onStarted: (arn) => { if (arn) location.hash = executionHref(arn); } })
        : null,
    ),
  );
};

/** The durable console's page: routes between the executions list and an execution. */
import { h, render, type VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleInfo } from '../view-types.js';
import { adoptToken, api, hasToken } from './api.js';
import { ExecutionPage } from './execution-page.js';
import { parseRoute, type Route } from './format.js';
import { ListView } from './list-view.js';

const App = (): VNode<any> => {
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [info, setInfo] = useState<ConsoleInfo | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    const onHash = (): void => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    api.info().then(setInfo, (e: Error) => setError(e.message));
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return h('div', { class: 'app' },
    h('header', { class: 'top' },
      h('a', { href: '#/', class: 'brand' }, 'durable-lambda console'),
      info ? h('span', { class: 'target' }, `${info.target}${info.actions ? '' : ' · read-only'}`) : null,
      hasToken() ? null : h('span', { class: 'warning' }, 'No console token: actions need the URL the console printed'),
    ),
    error !== '' ? h('p', { role: 'alert', class: 'error' }, error) : null,
    !info ? h('main', { id: 'main' }, h('p', null, 'Loading…'))
      : route.view === 'execution' ? h(ExecutionPage, { key: route.arn, arn: route.arn, canReveal: info.canReveal })
        : h(ListView, { info, functionName: route.functionName }),
  );
};

adoptToken();
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(h(App, null), root);
}

/**
 * The `slipway ui` page: header with the environment and cluster selectors and the actions, the graph coloured by
 * live state (server-sent events from the server's watches), the side panel, and the run and history panels.
 */
import type { ComponentView, DiffView, GraphView, HistoryRow, LiveMessage, RunMessage, StackInfo } from '../src/ui/protocol.js';
import { get, post, stream, type Selection } from './api.js';
import { confirmAction } from './confirm.js';
import { h, replace } from './dom.js';
import { drawGraph, type DrawnGraph } from './graph.js';
import { diffBlock, historyTable, SidePanel } from './panels.js';

const app = document.getElementById('app')!;
const STATES = ['ready', 'progressing', 'stalled', 'failed', 'missing', 'unknown', 'external'] as const;

let info: StackInfo;
let sel: Selection;
let view: GraphView | undefined;
let drawn: DrawnGraph | undefined;
let live: EventSource | undefined;
let components = new Map<string, ComponentView>();
let diffCache: Promise<DiffView> | undefined;

const envSelect = h('select', { id: 'env', 'aria-label': 'environment' });
const clusterSelect = h('select', { id: 'cluster', 'aria-label': 'cluster' });
const connection = h('span', { class: 'connection', id: 'connection' }, 'connecting…');
const graphArea = h('main', { class: 'graph-area', id: 'graph' });
const side = h('aside', { class: 'side', id: 'side', hidden: true });
const runLog = h('pre', { class: 'run-log', id: 'run-log' });
const runStatus = h('span', { id: 'run-status' });
const bottom = h('section', { class: 'bottom', id: 'bottom' });
const panel = new SidePanel(side);

function diff(): Promise<DiffView> {
  diffCache ??= get<DiffView>('/api/diff', sel);
  diffCache.catch(() => (diffCache = undefined));
  return diffCache;
}

function legend(): HTMLElement {
  return h('div', { class: 'legend' }, STATES.map((st) => h('span', { class: `badge state-${st}` }, st)));
}

function showBottom(title: string, ...content: HTMLElement[]): void {
  bottom.hidden = false;
  replace(bottom, h('div', { class: 'panel-head' }, h('h2', {}, title), h('button', { class: 'close', 'aria-label': 'close', onclick: () => (bottom.hidden = true) }, '×')), ...content);
}

async function showHistory(): Promise<void> {
  showBottom('History', h('p', { class: 'muted' }, 'loading…'));
  try {
    const rows = await get<HistoryRow[]>('/api/history', sel);
    showBottom('History', historyTable(rows, (n) => void rollback(n)));
  } catch (e) {
    showBottom('History', h('p', { class: 'error' }, (e as Error).message));
  }
}

async function showDiff(): Promise<void> {
  diffCache = undefined;
  showBottom('Diff', h('p', { class: 'muted' }, 'computing what up would change…'));
  try {
    showBottom('Diff', diffBlock(await diff()));
  } catch (e) {
    showBottom('Diff', h('p', { class: 'error' }, (e as Error).message));
  }
}

function startRun(action: 'up' | 'rollback', revision?: number): void {
  showBottom('Run', h('div', {}, runStatus), runLog);
  runLog.textContent = '';
  runStatus.textContent = `${action} starting…`;
  post('/api/run', sel, { action, ...(revision ? { revision } : {}), confirmed: true }).catch((e: Error) => {
    runStatus.textContent = e.message;
    runStatus.className = 'error';
  });
}

async function up(): Promise<void> {
  let summary = 'Apply the stack in dependency order and wait until every component is ready.';
  try {
    const d = await diff();
    const count = (a: string) => d.filter((x) => x.diff.action === a).length;
    summary = `${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete (pruned after the rest is ready).`;
    if (!d.length) summary = 'No changes: up records nothing and changes nothing.';
  } catch {
    /* no cluster to diff against: up itself will say what is wrong */
  }
  if (await confirmAction(`up ${info.name} (${sel.env}${sel.cluster ? `, ${sel.cluster}` : ''})`, summary, 'Run up')) startRun('up');
}

async function rollback(revision?: number): Promise<void> {
  const what = revision ? `revision ${revision}` : 'the previous revision';
  if (await confirmAction(`Roll back to ${what}?`, `Re-applies ${what} of ${info.name} (${sel.env}) through the same waves; objects added since are pruned. Data migrations already run are not undone.`, 'Roll back')) startRun('rollback', revision);
}

function onRun(m: RunMessage): void {
  if (m.type === 'started') {
    diffCache = undefined;
    showBottom('Run', h('div', {}, runStatus), runLog);
    runLog.textContent = '';
    runStatus.className = '';
    runStatus.textContent = `${m.action}${m.revision ? ` ${m.revision}` : ''} running…`;
  } else if (m.type === 'event') {
    if (m.line) runLog.append(`${m.line}\n`);
    runLog.scrollTop = runLog.scrollHeight;
  } else {
    diffCache = undefined;
    runStatus.textContent = m.text;
    runStatus.className = m.ok ? 'ok' : 'error';
  }
}

function onLive(m: LiveMessage): void {
  if (m.type === 'run') return onRun(m.message);
  const snap = m.snapshot;
  connection.textContent = snap.message;
  connection.className = `connection ${snap.connected ? 'on' : 'off'}`;
  components = new Map(snap.components.map((c) => [c.name, c]));
  drawn?.update(snap.components);
}

function openComponent(name: string): void {
  drawn?.select(name);
  const node = view?.graph.nodes.find((n) => n.name === name);
  void panel.show(sel, components.get(name), name, node?.external === true, diff);
}

async function load(): Promise<void> {
  live?.close();
  panel.close();
  diffCache = undefined;
  try {
    view = await get<GraphView>('/api/graph', sel);
  } catch (e) {
    replace(graphArea, h('pre', { class: 'error' }, (e as Error).message));
    return;
  }
  // The server's answer names the cluster it picked; every later request asks for that one.
  sel = { env: view.environment, ...(view.cluster !== undefined ? { cluster: view.cluster } : {}) };
  const url = new URL(location.href);
  url.searchParams.set('env', sel.env);
  if (sel.cluster) url.searchParams.set('cluster', sel.cluster);
  else url.searchParams.delete('cluster');
  history.replaceState(null, '', url);
  const clusters = info.clusters[sel.env] ?? [];
  clusterSelect.hidden = clusters.length === 0;
  replace(clusterSelect, clusters.map((c) => h('option', { value: c, selected: c === sel.cluster }, c)));
  drawn = drawGraph(view, openComponent);
  replace(graphArea, drawn.svg);
  live = stream('/api/live', sel);
  live.onmessage = (ev) => onLive(JSON.parse(ev.data as string) as LiveMessage);
  live.onerror = () => {
    connection.textContent = 'server connection lost (reconnecting)';
    connection.className = 'connection off';
  };
}

async function main(): Promise<void> {
  info = await get<StackInfo>('/api/stack');
  const asked = new URL(location.href).searchParams;
  const env = asked.get('env') ?? info.environment;
  // The server fills in what is not asked: its starting cluster for its environment, else the environment's first.
  const cluster = asked.get('cluster');
  sel = { env, ...(cluster ? { cluster } : {}) };
  document.title = `${info.name} — slipway ui`;
  replace(envSelect, info.environments.map((e) => h('option', { value: e, selected: e === sel.env }, e)));
  envSelect.addEventListener('change', () => {
    sel = { env: envSelect.value };
    void load();
  });
  clusterSelect.addEventListener('change', () => {
    sel = { ...sel, cluster: clusterSelect.value };
    void load();
  });
  bottom.hidden = true;
  replace(
    app,
    h(
      'header',
      {},
      h('h1', {}, info.name),
      h('label', {}, 'environment ', envSelect),
      clusterSelect,
      connection,
      h('span', { class: 'spacer' }),
      h('button', { id: 'action-diff', onclick: () => void showDiff() }, 'Diff'),
      h('button', { id: 'action-history', onclick: () => void showHistory() }, 'History'),
      h('button', { id: 'action-rollback', onclick: () => void rollback() }, 'Rollback…'),
      h('button', { id: 'action-up', class: 'primary', onclick: () => void up() }, 'Up…'),
    ),
    h('div', { class: 'body' }, graphArea, side),
    legend(),
    bottom,
  );
  await load();
}

main().catch((e: Error) => replace(app, h('pre', { class: 'error' }, e.message)));

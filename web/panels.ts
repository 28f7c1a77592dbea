/** The side panel (a component's objects, events, logs and diff) and the history panel. */
import type { ComponentDetails, ComponentView, DiffView, HistoryRow } from '../src/ui/protocol.js';
import { get, stream, type Selection } from './api.js';
import { h, replace } from './dom.js';

const MAX_LOG_LINES = 200;

function changeLines(d: DiffView[number]['diff']): string {
  if (d.action !== 'update') return `${d.action} ${d.object}`;
  const lines = d.changes.map((c) => `  ${c.path}: ${JSON.stringify(c.before) ?? '∅'} → ${JSON.stringify(c.after) ?? '∅'}`);
  return [`update ${d.object}`, ...lines].join('\n');
}

export function diffBlock(diffs: DiffView): HTMLElement {
  if (!diffs.length) return h('p', { class: 'muted' }, 'no changes: the cluster matches the stack');
  return h('pre', { class: 'diff' }, diffs.map((d) => changeLines(d.diff)).join('\n'));
}

/** Opens on a click; closing it (or opening another) stops its log stream. */
export class SidePanel {
  private logs: EventSource | undefined;

  constructor(private readonly root: HTMLElement) {}

  close(): void {
    this.logs?.close();
    this.logs = undefined;
    this.root.hidden = true;
    replace(this.root);
  }

  async show(sel: Selection, view: ComponentView | undefined, name: string, external: boolean, diff: () => Promise<DiffView>): Promise<void> {
    this.close();
    this.root.hidden = false;
    const objects = h('div', {}, h('p', { class: 'muted' }, 'loading…'));
    const events = h('div');
    const logLines = h('pre', { class: 'logs', id: 'logs' });
    const diffPart = h('div', {}, h('p', { class: 'muted' }, 'computing diff…'));
    replace(
      this.root,
      h('div', { class: 'panel-head' }, h('h2', {}, name), h('button', { class: 'close', 'aria-label': 'close', onclick: () => this.close() }, '×')),
      view ? h('p', { class: `badge state-${view.state}`, id: 'panel-state' }, `${view.state}${view.desired || view.ready ? ` · ${view.ready}/${view.desired} ready` : ''}${view.restarts ? ` · ${view.restarts} restarts` : ''}`) : null,
      view?.problem ? h('p', { class: 'problem-text', id: 'panel-problem' }, view.problem) : null,
      view?.workloads.length ? h('ul', { class: 'workloads' }, view.workloads.map((w) => h('li', {}, `${w.kind}/${w.name}: ${w.ready}/${w.desired} — ${w.message}`))) : null,
      h('h3', {}, 'Objects'),
      objects,
      h('h3', {}, 'Recent events'),
      events,
      external ? null : h('h3', {}, 'Logs (last lines, streamed)'),
      external ? null : logLines,
      h('h3', {}, 'Diff'),
      diffPart,
    );
    get<ComponentDetails>('/api/component', sel, { name })
      .then((d) => {
        replace(objects, h('table', {}, d.objects.map((o) => h('tr', {}, h('td', {}, o.kind), h('td', {}, o.name), h('td', { class: o.live === false ? 'absent' : '' }, o.live === undefined ? '' : o.live ? 'live' : 'absent')))));
        replace(events, d.events.length ? h('ul', { class: 'events' }, d.events.map((e) => h('li', { class: e.type === 'Warning' ? 'warning' : '' }, `${e.reason} ${e.object}: ${e.message}${e.count > 1 ? ` (×${e.count})` : ''}`))) : h('p', { class: 'muted' }, 'none'));
      })
      .catch((e: Error) => replace(objects, h('p', { class: 'error' }, e.message)));
    diff()
      .then((all) => replace(diffPart, diffBlock(all.filter((d) => d.component === name))))
      .catch((e: Error) => replace(diffPart, h('p', { class: 'error' }, e.message)));
    if (external) return;
    const source = stream('/api/logs', sel, { name });
    this.logs = source;
    source.onmessage = (m) => {
      const data = JSON.parse(m.data as string) as { line?: string; error?: string };
      const text = data.line ?? `(${data.error ?? ''})`;
      logLines.append(`${text}\n`);
      while (logLines.childNodes.length > MAX_LOG_LINES) logLines.firstChild?.remove();
      logLines.scrollTop = logLines.scrollHeight;
    };
  }
}

/** Only a revision that was deployed and later replaced is offered as a rollback target, as `rollback N` expects. */
export function historyTable(rows: readonly HistoryRow[], rollback: (revision: number) => void): HTMLElement {
  if (!rows.length) return h('p', { class: 'muted' }, 'no revisions recorded yet');
  const current = [...rows].reverse().find((r) => r.status === 'deployed')?.revision;
  return h(
    'table',
    { class: 'history' },
    h('tr', {}, ['rev', 'status', 'started', 'user', 'description', ''].map((c) => h('th', {}, c))),
    [...rows].reverse().map((r) =>
      h(
        'tr',
        { 'data-revision': r.revision },
        h('td', {}, r.revision || '?'),
        h('td', { class: `status-${r.status}` }, r.status),
        h('td', {}, r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
        h('td', {}, r.user),
        h('td', {}, r.message ?? (r.rollbackOf ? `rollback to ${r.rollbackOf}` : '')),
        h('td', {}, r.revision && r.status === 'superseded' && r.revision !== current ? h('button', { class: 'small', onclick: () => rollback(r.revision) }, 'roll back to this') : null),
      ),
    ),
  );
}

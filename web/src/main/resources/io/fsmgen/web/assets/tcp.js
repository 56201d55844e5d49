'use strict';
// The TCP view: the diagram's counts and flashes, the transition log, the connection table, the leaks, and each
// conversation's timeline as a sequence diagram that replays step by step.

// ---- the TCP view ----

const tcp = {
  diagram: null,
  rows: new Map(),
  sort: { key: 'id', direction: 1 },
  selected: null,
  timeline: null,
  step: -1,
  playing: null,
  glossary: {},
};

function openTcp(view) {
  const d = view.description;
  $('#tcp').hidden = false;
  $('#tcp-machine').textContent = `${d.name} — drawn from ${d.machine}'s build-time model`;
  $('#tcp-source').textContent = d.source;
  tcp.glossary = d.glossary;
  tcp.diagram = drawDiagram($('#tcp-diagram'), d.diagram,
    state => d.glossary[state] || 'No explanation of this state in the README\'s "How to read it".');
  const select = $('#state-filter');
  select.replaceChildren(el('option', { value: '' }, 'any'));
  for (const state of d.states) select.append(el('option', { value: state }, state));
  $('#tcp-notes').textContent = `At most ${d.maxEventsPerSecond} transitions a second are animated; the counts,`
      + ' the table and the timelines include every one.'
      + (d.leakAfterMs >= 0 ? ` A connection in CLOSE_WAIT for ${duration(d.leakAfterMs)} counts as a leak.` : '');
}

function tcpMessage(message) {
  if (message.type === 'snapshot') {
    tcp.rows.clear();
    $('#tcp-log').replaceChildren();
    for (const row of message.rows) tcp.rows.set(row.id, row);
    for (const t of message.log) logTransition(t, false);
  }
  for (const t of message.transitions || []) {
    logTransition(t, true);
    tcp.diagram.flash(t.from, t.to);
    if (tcp.timeline && tcp.selected !== null && t.conv === tcp.timeline.conv) refreshTimeline();
  }
  for (const row of message.upserts || []) tcp.rows.set(row.id, row);
  for (const id of message.removes || []) tcp.rows.delete(id);
  if (message.counts) tcp.diagram.counts(message.counts);
  notes(message);
  scheduleRender();
}

// Messages come up to ten a second, and a big table takes a while to draw: drawing follows them at most once per
// interval, longer for a big table, so the page stays responsive under churn. The counts and the log are not delayed.
let renderDue = null;
function scheduleRender() {
  if (renderDue !== null) return;
  renderDue = setTimeout(() => {
    renderDue = null;
    renderTable();
  }, tcp.rows.size > 500 ? 1000 : 100);
}

function logTransition(t, live) {
  const list = $('#tcp-log');
  const who = t.side === 'listener' ? `listener ${t.local || ''}` : `#${t.id} ${t.side} ${t.local || ''}`;
  const sends = t.segments && t.segments.length ? ` sends ${t.segments.join(', ')}` : '';
  const item = el('li', { 'data-id': t.id, 'data-from': t.from, 'data-to': t.to, 'data-event': t.event,
    'data-side': t.side, 'data-lane': t.lane });
  item.append(el('span', { class: 'who' }, who + ' '), el('span', {}, `${t.event}${t.inferred ? ' *' : ''}: `),
    el('span', {}, t.from), el('span', { class: 'arrow' }, ' → '), el('span', { class: 'to' }, t.to),
    el('span', {}, sends));
  if (t.lane === 'kernel') item.classList.add('kernel');
  item.title = 'Click for this connection\'s timeline';
  item.addEventListener('click', () => selectConnection(t.id));
  list.prepend(item);
  while (list.children.length > 200) list.lastChild.remove();
}

function notes(message) {
  const parts = [];
  if (message.skipped) parts.push(`${message.skipped} transitions not animated (rate limit)`);
  if (message.lost) parts.push(`${message.lost} transitions lost (the page's queue was full)`);
  if (message.hiddenRows) parts.push(`${message.hiddenRows} connections not shown (table limit)`);
  const status = $('#status');
  status.title = parts.join('; ');
  status.dataset.notes = parts.join('; ');
}

const columns = ['id', 'side', 'local', 'remote', 'state', 'since', 'bytesIn', 'bytesOut', 'owner', 'kernel'];

function renderTable() {
  const filter = $('#filter').value.trim().toLowerCase();
  const stateFilter = $('#state-filter').value;
  const now = serverNow();
  let rows = [...tcp.rows.values()];
  const total = rows.length;
  if (stateFilter) rows = rows.filter(r => r.state === stateFilter);
  if (filter) {
    rows = rows.filter(r => [r.id, r.side, r.local, r.remote, r.state, r.owner, r.kernel]
      .some(v => v !== null && v !== undefined && String(v).toLowerCase().includes(filter)));
  }
  const { key, direction } = tcp.sort;
  rows.sort((a, b) => {
    // Time in state sorts longest first when ascending by "since" is reversed: compare the raw values.
    const [x, y] = [a[key], b[key]];
    if (x === y) return (a.id - b.id) * direction;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : 1) * direction;
  });
  const body = $('#connections tbody');
  body.replaceChildren();
  for (const r of rows) {
    const kernel = r.kernel && r.kernel !== r.state ? r.kernel : '';
    const tr = el('tr', { 'data-id': r.id, 'data-state': r.state });
    if (r.leak) tr.classList.add('leak');
    if (r.id === tcp.selected) tr.classList.add('selected');
    const cells = [r.id, r.side, r.local || '*', r.remote || '*', r.state + (r.observed ? '' : '~'),
      duration(now - r.since), r.bytesIn, r.bytesOut, r.owner, kernel];
    cells.forEach((value, i) => tr.append(el('td', { class: columns[i] }, String(value))));
    if (r.leak) tr.title = `CLOSE_WAIT leak: the peer finished sending and ${r.owner} has not called close()`;
    body.append(tr);
  }
  $('#tcp-count').textContent = rows.length === total ? `${total}` : `${rows.length} of ${total}`;
  for (const th of document.querySelectorAll('#connections th')) {
    th.classList.toggle('sorted-asc', th.dataset.key === key && direction === 1);
    th.classList.toggle('sorted-desc', th.dataset.key === key && direction === -1);
  }
  renderLeaks();
}

// The leaks named one by one; a pile beyond them is counted (the table shows each row).
const LEAKS_SHOWN = 20;

function renderLeaks() {
  const leaks = [...tcp.rows.values()].filter(r => r.leak);
  const box = $('#leaks');
  box.hidden = leaks.length === 0;
  box.replaceChildren();
  for (const r of leaks.slice(0, LEAKS_SHOWN)) {
    box.append(el('p', { 'data-id': r.id }, `CLOSE_WAIT leak: ${r.local} ← ${r.remote} has been in CLOSE_WAIT for `
      + `${duration(serverNow() - r.since)}: the peer finished sending and ${r.owner} has not called close().`));
  }
  if (leaks.length > LEAKS_SHOWN) {
    box.append(el('p', { class: 'more' }, `… and ${leaks.length - LEAKS_SHOWN} more connections in CLOSE_WAIT`
      + ' past the threshold (rows highlighted in the table).'));
  }
  tcp.diagram.mark('leaking', leaks.length ? ['CLOSE_WAIT'] : []);
}

for (const th of document.querySelectorAll('#connections th')) {
  th.addEventListener('click', () => {
    tcp.sort = { key: th.dataset.key, direction: tcp.sort.key === th.dataset.key ? -tcp.sort.direction : 1 };
    renderTable();
  });
}
// One listener for every row, however many: a row says which connection it is.
$('#connections tbody').addEventListener('click', event => {
  const tr = event.target.closest('tr[data-id]');
  if (tr) selectConnection(Number(tr.dataset.id));
});
$('#filter').addEventListener('input', renderTable);
$('#state-filter').addEventListener('change', renderTable);

// ---- timelines ----

async function selectConnection(id) {
  tcp.selected = id;
  tcp.step = -1;
  stopReplay();
  await refreshTimeline();
  renderTable();
}

async function refreshTimeline() {
  const id = tcp.selected;
  const response = await fetch(`/api/views/${encodeURIComponent(page.view.id)}/timeline?conn=${id}`);
  const timeline = await response.json();
  if (id !== tcp.selected) return;
  tcp.timeline = timeline;
  if (tcp.step >= timeline.steps.length) tcp.step = timeline.steps.length - 1;
  $('#timeline').hidden = false;
  $('#timeline-title').textContent = timeline.note ? timeline.note
    : timeline.listener ? `listener ${timeline.server}` : `client ${timeline.client || '?'} ↔ server ${timeline.server || '?'}`;
  drawTimeline();
}

function drawTimeline() {
  const timeline = tcp.timeline;
  const steps = timeline.steps;
  const [left, right, top, pitch, width] = [360, 680, 46, 30, 1060];
  const height = top + Math.max(steps.length, 1) * pitch + 20;
  const svg = el('svg:svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': 'sequence diagram' });
  const defs = el('svg:defs');
  const marker = el('svg:marker', { id: 'seg-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7,
    markerHeight: 7, orient: 'auto' });
  marker.append(el('svg:path', { d: 'M0,0 L10,5 L0,10 z', fill: '#2563eb' }));
  defs.append(marker);
  svg.append(defs);
  const laneX = side => side === 'client' ? left : right;
  svg.append(el('svg:text', { x: left, y: 18, class: 'lane' }, `client ${timeline.client || ''}`));
  svg.append(el('svg:text', { x: right, y: 18, class: 'lane' },
    `${timeline.listener ? 'listener' : 'server'} ${timeline.server || ''}`));
  for (const x of [left, right]) {
    svg.append(el('svg:line', { x1: x, y1: 26, x2: x, y2: height - 6, class: 'lifeline' }));
  }
  steps.forEach((step, i) => {
    const y = top + i * pitch;
    const x = laneX(step.side === 'listener' ? 'server' : step.side);
    const group = el('svg:g', { class: 'step', 'data-index': i, 'data-to': step.to, 'data-side': step.side,
      'data-lane': step.lane });
    group.append(el('svg:rect', { x: 0, y: y - pitch / 2 + 2, width, height: pitch - 2, class: 'band' }));
    const onLeft = x === left;
    const label = step.lane === 'kernel'
      ? `kernel ${step.event}`
      : `${step.event}${step.inferred ? ' *' : ''}: ${step.from} → ${step.to}`;
    group.append(el('svg:text', { x: onLeft ? x - 12 : x + 12, y: y + 4, 'text-anchor': onLeft ? 'end' : 'start',
      class: step.lane === 'kernel' ? 'kernel' : '' }, `+${(step.at / 1000).toFixed(3)}s  ${label}`));
    group.append(el('svg:circle', { cx: x, cy: y, r: 4 }));
    const other = onLeft ? right : left;
    (step.segments || []).forEach((segment, k) => {
      const y2 = y + pitch * 0.8;
      const dy = k * 10;
      group.append(el('svg:line', { x1: x, y1: y + dy, x2: other, y2: y2 + dy, class: 'segment',
        'marker-end': 'url(#seg-arrow)' }));
      group.append(el('svg:text', { x: (x + other) / 2, y: (y + y2) / 2 + dy - 4, class: 'segment' }, segment));
    });
    svg.append(group);
  });
  $('#timeline-diagram').replaceChildren(svg);
  showStep();
}

function showStep() {
  const steps = tcp.timeline ? tcp.timeline.steps : [];
  document.querySelectorAll('#timeline-diagram g.step').forEach((group, i) => {
    group.classList.toggle('current', i === tcp.step);
    group.classList.toggle('future', tcp.step >= 0 && i > tcp.step);
  });
  const step = steps[tcp.step];
  if (!step) {
    $('#tl-step').textContent = steps.length ? `${steps.length} steps: press ▶ or Replay` : '';
    tcp.diagram.mark('replay', []);
    return;
  }
  const sends = step.segments && step.segments.length ? `, sends ${step.segments.join(', ')}` : '';
  $('#tl-step').textContent = `Step ${tcp.step + 1} of ${steps.length}: ${step.side} `
    + (step.lane === 'kernel' ? `kernel ${step.event} (${step.to})` : `${step.event}: ${step.from} → ${step.to}${sends}`);
  $('#tl-step').dataset.state = step.to;
  tcp.diagram.mark('replay', [step.to]);
}

function go(step) {
  const count = tcp.timeline ? tcp.timeline.steps.length : 0;
  tcp.step = Math.max(-1, Math.min(count - 1, step));
  showStep();
}
function stopReplay() {
  clearInterval(tcp.playing);
  tcp.playing = null;
  $('#tl-play').textContent = 'Replay';
}
$('#tl-first').addEventListener('click', () => { stopReplay(); go(-1); });
$('#tl-prev').addEventListener('click', () => { stopReplay(); go(tcp.step - 1); });
$('#tl-next').addEventListener('click', () => { stopReplay(); go(tcp.step + 1); });
$('#tl-last').addEventListener('click', () => { stopReplay(); go(Infinity); });
$('#tl-play').addEventListener('click', () => {
  if (tcp.playing) { stopReplay(); return; }
  go(0);
  $('#tl-play').textContent = 'Pause';
  tcp.playing = setInterval(() => {
    if (tcp.step + 1 >= tcp.timeline.steps.length) { stopReplay(); return; }
    go(tcp.step + 1);
  }, 900);
});

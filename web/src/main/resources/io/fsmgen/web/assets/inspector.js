'use strict';
// The live inspector of a group of generated machines: the diagram, each machine's state, the event log.

// ---- the machine inspector ----

const inspector = { diagram: null, states: [], parents: new Map() };

function openMachine(view) {
  const d = view.description;
  $('#machine').hidden = false;
  $('#machine-name').textContent = `${view.title} — drawn from ${d.machine}'s build-time model`;
  const notes = d.notes || {};
  inspector.diagram = drawDiagram($('#machine-diagram'), d.diagram,
    state => notes[state] || `State ${state} of ${d.name}.`);
  inspector.parents = new Map(d.diagram.nodes.filter(n => n.kind === 'state' || n.kind === 'composite')
    .map(n => [n.state, n.parent]));
  inspector.states = new Array(d.machines).fill(null);
  $('#machine-notes').textContent = `At most ${d.maxEventsPerSecond} events a second are animated and logged live.`;
}

function machineMessage(message) {
  if (message.type === 'snapshot') $('#events').replaceChildren();
  for (const [index, state] of Object.entries(message.states || {})) inspector.states[Number(index)] = state;
  for (const e of message.events || []) {
    logEvent(e);
    if (e.handled && message.type !== 'snapshot') inspector.diagram.flash(e.from, e.to, e.line);
  }
  if (message.counts) inspector.diagram.counts(message.counts);
  const one = inspector.states.length === 1 && inspector.states[0];
  inspector.diagram.mark('current', one ? [one] : []);
  inspector.diagram.mark('active', one ? around(one) : []);
  const body = $('#machines tbody');
  body.replaceChildren();
  inspector.states.slice(0, 500).forEach((state, i) => {
    const tr = el('tr', { 'data-machine': i, 'data-state': state });
    const path = state ? [...around(state).reverse(), state].join(' › ') : '';
    tr.append(el('td', {}, String(i)), el('td', {}, path));
    body.append(tr);
  });
  notes(message);
}

/** The composites around a state, innermost first. */
function around(state) {
  const composites = [];
  for (let p = inspector.parents.get(state); p; p = inspector.parents.get(p)) composites.push(p);
  return composites;
}

function logEvent(e) {
  const list = $('#events');
  const time = new Date(e.at).toISOString().slice(11, 23);
  const text = e.handled
    ? `${time} #${e.machine} ${e.event}: ${e.from} → ${e.to}${e.from === e.to ? ' (stays)' : ''}`
    : e.deferred ? `${time} #${e.machine} ${e.event} deferred in ${e.from}`
      : e.failed ? `${time} #${e.machine} ${e.event} failed in ${e.from}: ${e.failure}; now in ${e.to}`
        : `${time} #${e.machine} ${e.event} unhandled in ${e.from}`;
  const kind = e.handled ? 'handled' : e.deferred ? 'deferred' : e.failed ? 'failed' : 'unhandled';
  const item = el('li', { class: kind, 'data-event': e.event, 'data-machine': e.machine }, text);
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  list.append(item);
  while (list.children.length > 500) list.firstChild.remove();
  if (atBottom) list.scrollTop = list.scrollHeight;
}

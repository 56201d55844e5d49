'use strict';
// Starts the page: the views the server shows, the one chosen, and its event stream.

// ---- views and the stream ----

async function start() {
  const { views } = await (await fetch('/api/views')).json();
  const nav = $('#views');
  nav.replaceChildren();
  for (const view of views) {
    const link = el('a', { href: '#' + view.id, 'data-view': view.id }, view.title);
    nav.append(link);
  }
  if (!views.length) { $('#empty').hidden = false; setStatus('nothing attached', 'down'); return; }
  const wanted = decodeURIComponent(location.hash.slice(1));
  await open(views.some(v => v.id === wanted) ? wanted : views[0].id);
}

async function open(id) {
  if (page.stream) page.stream.close();
  stopReplay();
  for (const section of document.querySelectorAll('section.view')) section.hidden = true;
  $('#timeline').hidden = true;
  tcp.selected = null;
  tcp.timeline = null;
  for (const link of document.querySelectorAll('#views a')) link.classList.toggle('current', link.dataset.view === id);
  const view = await (await fetch('/api/views/' + encodeURIComponent(id))).json();
  page.view = view;
  document.title = `fsmgen live — ${view.title}`;
  (view.kind === 'tcp' ? openTcp : openMachine)(view);
  const stream = new EventSource(`/api/views/${encodeURIComponent(id)}/events`);
  page.stream = stream;
  stream.onopen = () => setStatus('live', 'live');
  stream.onerror = () => setStatus('disconnected: retrying', 'down');
  stream.onmessage = event => {
    const message = JSON.parse(event.data);
    page.clockOffset = Date.now() - message.now;
    (view.kind === 'tcp' ? tcpMessage : machineMessage)(message);
    document.body.dataset.messages = String(Number(document.body.dataset.messages || 0) + 1);
  };
}

function setStatus(text, kind) {
  const status = $('#status');
  status.textContent = text;
  status.className = 'status ' + kind;
}

window.addEventListener('hashchange', () => open(decodeURIComponent(location.hash.slice(1))));
setInterval(() => { if (page.view && page.view.kind === 'tcp') scheduleRender(); }, 1000);
start().catch(error => setStatus('cannot load: ' + error, 'down'));

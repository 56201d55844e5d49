'use strict';
// The live page of fsmgen-web, in plain JavaScript with no library, served by the module: nothing is fetched from
// elsewhere. Everything it draws comes from the server: the diagram is laid out there from the machine's build-time
// model, and batches arrive over Server-Sent Events. This file holds what the others share; app.js starts the page.

const SVG = 'http://www.w3.org/2000/svg';
const $ = (selector, root = document) => root.querySelector(selector);

function el(name, attributes = {}, text) {
  const node = name.startsWith('svg:') ? document.createElementNS(SVG, name.slice(4)) : document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

const page = {
  view: null,        // the description of the view shown
  stream: null,      // its EventSource
  clockOffset: 0,    // browser clock minus server clock, from the last message
};

// ---- the tooltip ----

const tip = $('#tip');
function showTip(event, title, text) {
  tip.replaceChildren(el('b', {}, title), document.createTextNode(text || ''));
  tip.hidden = false;
  moveTip(event);
}
function moveTip(event) {
  const x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
  const y = Math.min(event.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
  tip.style.left = x + 'px';
  tip.style.top = y + 'px';
}
function hideTip() { tip.hidden = true; }

// ---- formatting ----

function duration(ms) {
  if (ms < 0) ms = 0;
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  const minutes = Math.floor(ms / 60000);
  return minutes + ' min ' + Math.floor((ms % 60000) / 1000) + ' s';
}
function serverNow() { return Date.now() - page.clockOffset; }

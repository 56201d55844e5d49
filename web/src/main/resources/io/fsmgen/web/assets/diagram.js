'use strict';
// The state diagram: boxes and lines as the server laid them out, counts, flashes and marks.

// ---- the state diagram ----

/** Draws a laid-out diagram; returns lookups for animating it. */
function drawDiagram(container, diagram, explain) {
  const svg = el('svg:svg', {
    viewBox: `0 0 ${diagram.width} ${diagram.height}`, width: diagram.width, height: diagram.height,
    role: 'img', 'aria-label': 'state diagram', 'data-laid-out-by': diagram.laidOutBy,
  });
  const defs = el('svg:defs');
  for (const [id, colour] of [['arrow', '#7d8799'], ['arrow-quiet', '#d0d5dd']]) {
    const marker = el('svg:marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
      orient: 'auto-start-reverse' });
    marker.append(el('svg:path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }));
    defs.append(marker);
  }
  svg.append(defs);
  const lines = new Map();
  for (const line of diagram.lines) {
    const key = line.from + '>' + line.to;
    const group = el('svg:g', { class: 'line', 'data-edge': key });
    const path = el('svg:path', { d: line.path, class: 'edge' + (line.quiet ? ' quiet' : ''),
      'marker-end': `url(#${line.quiet ? 'arrow-quiet' : 'arrow'})`, 'data-edge': key });
    const hit = el('svg:path', { d: line.path, class: 'hit' });
    hit.addEventListener('mouseenter', e => showTip(e, `${line.from} → ${line.to}`, line.rows.join('\n')));
    hit.addEventListener('mousemove', moveTip);
    hit.addEventListener('mouseleave', hideTip);
    group.append(path, hit);
    if (line.label) {
      group.append(el('svg:text', { x: line.labelX, y: line.labelY, class: 'edge-label' + (line.quiet ? ' quiet' : ''),
        'text-anchor': line.labelAnchor }, line.label));
    }
    svg.append(group);
    lines.set(key, { line, path });
  }
  const nodes = new Map();     // node id -> group
  const byState = new Map();   // state -> [groups]
  for (const node of diagram.nodes) {
    const group = el('svg:g', { class: 'state', 'data-state': node.state, 'data-node': node.id, tabindex: 0 });
    group.append(el('svg:rect', { x: node.x - node.w / 2, y: node.y - node.h / 2, width: node.w, height: node.h,
      rx: 8 }));
    group.append(el('svg:text', { x: node.x, y: node.y, class: 'name' }, node.state));
    const badge = el('svg:circle', { cx: node.x + node.w / 2, cy: node.y - node.h / 2, r: 11, class: 'badge' });
    const count = el('svg:text', { x: node.x + node.w / 2, y: node.y - node.h / 2 + 4, class: 'count' });
    badge.style.display = 'none';
    group.append(badge, count);
    group.addEventListener('mouseenter', e => showTip(e, node.state, explain(node.state)));
    group.addEventListener('mousemove', moveTip);
    group.addEventListener('mouseleave', hideTip);
    svg.append(group);
    nodes.set(node.id, group);
    if (!byState.has(node.state)) byState.set(node.state, []);
    byState.get(node.state).push(group);
  }
  container.replaceChildren(svg);

  return {
    /** Flashes the line of a transition and the box it enters. */
    flash(from, to) {
      const entry = lines.get(from + '>' + to);
      if (entry) restartAnimation(entry.path, 'flash');
      const target = entry ? nodes.get(entry.line.toNode) : (byState.get(to) || [])[0];
      if (target) restartAnimation(target, 'entered');
    },
    /** Shows how many are in each state. */
    counts(counts) {
      for (const [state, groups] of byState) {
        const n = counts[state] || 0;
        for (const group of groups) {
          group.classList.toggle('occupied', n > 0);
          const [badge, count] = [group.querySelector('circle.badge'), group.querySelector('text.count')];
          badge.style.display = n > 0 ? '' : 'none';
          count.textContent = n > 0 ? String(n) : '';
          group.setAttribute('data-count', String(n));
        }
      }
    },
    /** Marks states with a class (replay, leaking), clearing it elsewhere. */
    mark(className, states) {
      for (const [state, groups] of byState) {
        for (const group of groups) group.classList.toggle(className, states.includes(state));
      }
    },
  };
}

function restartAnimation(node, className) {
  if (node.classList.contains(className)) {
    node.classList.remove(className);
    void node.getBoundingClientRect(); // a reflow, so that the animation starts again
  }
  node.classList.add(className);
  clearTimeout(node._fsmgenTimer);
  node._fsmgenTimer = setTimeout(() => node.classList.remove(className), 1300);
}

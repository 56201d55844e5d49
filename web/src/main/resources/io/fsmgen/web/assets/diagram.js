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
  // Composites first (outermost first, as the server lists them), so that what they contain is drawn over them;
  // then the lines; then the states and the marks inside composites.
  const nodes = new Map();     // node id -> group
  const byState = new Map();   // state -> [groups], leaves and composites
  const layer = kind => diagram.nodes.filter(node => (node.kind || 'state') === kind);
  for (const node of layer('composite')) {
    const group = stateGroup(node, explain, 'state composite');
    group.append(el('svg:rect', { x: node.x - node.w / 2, y: node.y - node.h / 2, width: node.w, height: node.h,
      rx: 14 }));
    group.append(el('svg:text', { x: node.x - node.w / 2 + 14, y: node.y - node.h / 2 + 18, class: 'name' },
      node.state));
    addBadge(group, node);
    svg.append(group);
    remember(node, group);
  }
  const lines = new Map();
  for (const line of diagram.lines) {
    const key = line.id || line.from + '>' + line.to;
    const group = el('svg:g', { class: 'line', 'data-edge': key });
    const initial = !line.rows.length;
    const path = el('svg:path', { d: line.path, class: 'edge' + (line.quiet ? ' quiet' : '') + (initial ? ' initial' : ''),
      'marker-end': `url(#${line.quiet ? 'arrow-quiet' : 'arrow'})`, 'data-edge': key });
    group.append(path);
    if (!initial) {
      const hit = el('svg:path', { d: line.path, class: 'hit' });
      hit.addEventListener('mouseenter', e => showTip(e, `${line.from} → ${line.to}`, line.rows.join('\n')));
      hit.addEventListener('mousemove', moveTip);
      hit.addEventListener('mouseleave', hideTip);
      group.append(hit);
    }
    if (line.label) {
      group.append(el('svg:text', { x: line.labelX, y: line.labelY, class: 'edge-label' + (line.quiet ? ' quiet' : ''),
        'text-anchor': line.labelAnchor }, line.label));
    }
    svg.append(group);
    lines.set(key, { line, path });
  }
  for (const node of layer('state')) {
    const group = stateGroup(node, explain, 'state');
    group.append(el('svg:rect', { x: node.x - node.w / 2, y: node.y - node.h / 2, width: node.w, height: node.h,
      rx: 8 }));
    if (node.text) {
      group.append(el('svg:text', { x: node.x, y: node.y - 7, class: 'name' }, node.state));
      group.append(el('svg:text', { x: node.x, y: node.y + 10, class: 'note' }, node.text));
    } else {
      group.append(el('svg:text', { x: node.x, y: node.y, class: 'name' }, node.state));
    }
    addBadge(group, node);
    svg.append(group);
    remember(node, group);
  }
  for (const node of layer('initial')) {
    svg.append(el('svg:circle', { cx: node.x, cy: node.y, r: node.w / 2, class: 'initial', 'data-node': node.id }));
  }
  for (const node of layer('history')) {
    const group = el('svg:g', { class: 'history', 'data-node': node.id, 'data-state': node.state });
    group.append(el('svg:circle', { cx: node.x, cy: node.y, r: node.w / 2 }));
    group.append(el('svg:text', { x: node.x, y: node.y }, node.text));
    group.addEventListener('mouseenter', e => showTip(e, `${node.state}'s ${node.text === 'H*' ? 'deep ' : ''}history`,
      node.text === 'H*' ? 'A transition that ends here re-enters the innermost state ' + node.state
        + ' was last in.' : 'A transition that ends here re-enters the child ' + node.state + ' was last in.'));
    group.addEventListener('mouseleave', hideTip);
    svg.append(group);
  }
  function remember(node, group) {
    nodes.set(node.id, group);
    if (!byState.has(node.state)) byState.set(node.state, []);
    byState.get(node.state).push(group);
  }
  container.replaceChildren(svg);

  return {
    /**
     * Flashes the line of a transition and the box it enters. {@code lineId} names the line where the server knows
     * it (a hierarchical machine's line starts at the composite a row was declared on); null: none (internal).
     */
    flash(from, to, lineId) {
      const entry = lines.get(lineId === undefined ? from + '>' + to : lineId);
      if (entry) restartAnimation(entry.path, 'flash');
      let target = entry ? nodes.get(entry.line.toNode) : null;
      if (!target || target.dataset.state !== to) target = (byState.get(to) || [])[0]; // the leaf, not its composite
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

function stateGroup(node, explain, className) {
  const group = el('svg:g', { class: className, 'data-state': node.state, 'data-node': node.id, tabindex: 0 });
  group.addEventListener('mouseenter', e => { e.stopPropagation(); showTip(e, node.state, explain(node.state)); });
  group.addEventListener('mousemove', moveTip);
  group.addEventListener('mouseleave', hideTip);
  return group;
}

function addBadge(group, node) {
  const badge = el('svg:circle', { cx: node.x + node.w / 2, cy: node.y - node.h / 2, r: 11, class: 'badge' });
  const count = el('svg:text', { x: node.x + node.w / 2, y: node.y - node.h / 2 + 4, class: 'count' });
  badge.style.display = 'none';
  group.append(badge, count);
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

// Charts of the Berichte page: bars of a period beside those of the year
// before, and the municipalities of the Rhein-Sieg-Kreis placed roughly as
// on the map. Readable in black and white: the period is solid dark, the
// year before white with a dark outline and hatching, the legend says so
// in words, and every bar has its figure written at it. The SVG is drawn
// with createElementNS and styled by classes (the CSP allows no style
// attributes); for screen readers it is one image with a name and a
// description listing every figure, and the table after it has them too.
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * An SVG element with attributes and children.
 * @param {string} tag @param {Record<string, string | number>} [attrs]
 * @param {(SVGElement | string)[]} [children]
 * @returns {SVGElement}
 */
function s(tag, attrs = {}, children = []) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  for (const child of children) el.append(child);
  return el;
}

/**
 * A bar pair of one group: its label and the figures of both periods.
 * @typedef {{ label: string, now: number, before: number }} Bar
 * @typedef {{ id: string, title: string, legendNow: string, legendBefore: string,
 *             bars: Bar[], format: (n: number) => string,
 *             describe: (bar: Bar) => string }} ChartSpec
 *   `describe` words one group for the description ("März 2025: 12, Vorjahr 10")
 */

/** The hatching of the year before's bars, one per chart (ids are unique). @param {string} id */
function hatch(id) {
  return s('defs', {}, [
    s('pattern', { id: `${id}-hatch`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, [
      s('rect', { width: 6, height: 6, class: 'chart-hatch-ground' }),
      s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'chart-hatch-line' }),
    ]),
  ]);
}

/**
 * The figure around a chart: its caption (the chart's name), a legend in
 * words, and the svg as an image named by the caption and described by
 * its <desc>.
 * @param {ChartSpec} spec @param {SVGElement} svg @param {string} kind css class
 */
function frame(spec, svg, kind) {
  const captionId = `${spec.id}-caption`;
  const descId = `${spec.id}-desc`;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', captionId);
  svg.setAttribute('aria-describedby', descId);
  svg.prepend(
    s('title', {}, [spec.title]),
    s('desc', { id: descId }, [`${spec.legendNow}; ${spec.legendBefore}. ${spec.bars.map(spec.describe).join('; ')}.`]),
    hatch(spec.id),
  );
  return h('figure', { class: `chart ${kind}`, id: spec.id }, [
    h('figcaption', { id: captionId, text: spec.title }),
    h('p', { class: 'chart-legend', 'aria-hidden': 'true' }, [
      h('span', { class: 'legend-now' }), ` ${spec.legendNow} `,
      h('span', { class: 'legend-before' }), ` ${spec.legendBefore}`,
    ]),
    h('div', { class: 'chart-scroll' }, [svg]),
  ]);
}

/**
 * Bars per group from left to right (months): in each group the period's
 * bar, then the year before's, with the figure above each.
 * @param {ChartSpec} spec
 */
export function columnChart(spec) {
  const bar = 20;
  const group = bar * 2 + 18;
  const top = 18;
  const plot = 160;
  const width = Math.max(group * spec.bars.length + 20, 200);
  const height = top + plot + 26;
  const max = Math.max(1, ...spec.bars.flatMap((b) => [b.now, b.before]));
  const scaled = (/** @type {number} */ n) => Math.round((n * plot) / max);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart-svg' });
  svg.append(s('line', { x1: 10, y1: top + plot, x2: width - 10, y2: top + plot, class: 'chart-axis' }));
  spec.bars.forEach((b, i) => {
    const x = 10 + i * group + 9;
    for (const [n, which, dx] of /** @type {const} */ ([[b.now, 'now', 0], [b.before, 'before', bar]])) {
      const height_ = scaled(n);
      svg.append(
        s('rect', { x: x + dx, y: top + plot - height_, width: bar - 2, height: Math.max(height_, 0), class: `bar bar-${which}`, ...(which === 'before' ? { fill: `url(#${spec.id}-hatch)` } : {}) }),
        s('text', { x: x + dx + (bar - 2) / 2, y: top + plot - height_ - 4, class: `bar-value value-${which}`, 'text-anchor': 'middle' }, [spec.format(n)]),
      );
    }
    svg.append(s('text', { x: x + bar, y: top + plot + 16, class: 'bar-label', 'text-anchor': 'middle' }, [b.label]));
  });
  return frame(spec, svg, 'column-chart');
}

/**
 * A label cut to `max` characters with an ellipsis, so that it fits left
 * of the bars (the description and the table name it in full).
 * @param {string} label @param {number} max
 */
function shortened(label, max) {
  return label.length > max ? `${label.slice(0, max - 1).trimEnd()}…` : label;
}

/**
 * Bars per category from top to bottom: the label at the left, the
 * period's bar above the year before's, the figure after each bar.
 * @param {ChartSpec} spec
 */
export function barChart(spec) {
  const labelWidth = 290;
  const plot = 420;
  const bar = 13;
  const row = bar * 2 + 12;
  const width = labelWidth + plot + 60;
  const height = Math.max(row * spec.bars.length + 8, 40);
  const max = Math.max(1, ...spec.bars.flatMap((b) => [b.now, b.before]));
  const scaled = (/** @type {number} */ n) => Math.round((n * plot) / max);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart-svg' });
  svg.append(s('line', { x1: labelWidth, y1: 2, x2: labelWidth, y2: height - 4, class: 'chart-axis' }));
  spec.bars.forEach((b, i) => {
    const y = 6 + i * row;
    svg.append(s('text', { x: labelWidth - 8, y: y + bar + 4, class: 'bar-label', 'text-anchor': 'end' }, [shortened(b.label, 40)]));
    for (const [n, which, dy] of /** @type {const} */ ([[b.now, 'now', 0], [b.before, 'before', bar + 1]])) {
      const length = scaled(n);
      svg.append(
        s('rect', { x: labelWidth, y: y + dy, width: length, height: bar - 1, class: `bar bar-${which}`, ...(which === 'before' ? { fill: `url(#${spec.id}-hatch)` } : {}) }),
        s('text', { x: labelWidth + length + 5, y: y + dy + bar - 3, class: `bar-value value-${which}` }, [spec.format(n)]),
      );
    }
  });
  return frame(spec, svg, 'bar-chart');
}

/**
 * The municipalities of the Rhein-Sieg-Kreis and Bonn, row by row from
 * north to south and west to east, as they lie roughly on the map (null:
 * no municipality there); at the bottom right, set apart, "anderer Ort"
 * and "" (ohne Angabe), so that the tiles add up to the total.
 */
export const MUNICIPALITY_MAP = [
  ['Bornheim', 'Niederkassel', 'Troisdorf', 'Lohmar', 'Neunkirchen-Seelscheid', 'Much', 'Ruppichteroth'],
  ['Alfter', 'Bonn', 'Sankt Augustin', 'Siegburg', 'Hennef (Sieg)', 'Eitorf', 'Windeck'],
  ['Swisttal', 'Rheinbach', 'Meckenheim', 'Wachtberg', 'Königswinter', null, null],
  [null, null, null, null, 'Bad Honnef', 'anderer Ort', ''],
];

/** The tiles outside the map. */
const ELSEWHERE = ['anderer Ort', ''];

/**
 * A map-like table: one tile per municipality where it lies, with its name,
 * its figure in the period and the year before's.
 * @param {{ id: string, caption: string, counts: Map<string, { now: number, before: number }>,
 *           format: (n: number) => string, before: (n: string) => string, none: string }} spec
 *   `before` words the year before's figure ("Vorjahr 3"); `none` names
 *   the tile of organisations without a municipality
 */
export function municipalityMap(spec) {
  return h('table', { class: 'municipality-map', id: spec.id }, [
    h('caption', { text: spec.caption }),
    h('tbody', {}, MUNICIPALITY_MAP.map((line) => h('tr', {}, line.map((name) => {
      if (name === null) return h('td', { class: 'tile-empty' });
      const count = spec.counts.get(name) ?? { now: 0, before: 0 };
      const classes = ['tile', count.now > 0 ? 'tile-some' : '', ELSEWHERE.includes(name) ? 'tile-elsewhere' : ''];
      return h('td', { class: classes.join(' ').trim(), 'data-municipality': name }, [
        h('span', { class: 'tile-name', text: name || spec.none }),
        h('span', { class: 'tile-now', text: spec.format(count.now) }),
        h('span', { class: 'tile-before', text: spec.before(spec.format(count.before)) }),
      ]);
    })))),
  ]);
}

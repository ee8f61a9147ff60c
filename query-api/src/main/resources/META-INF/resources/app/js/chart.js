// Time-series charts with uPlot (a maintained ~50 KB charting library, shipped as a webjar).
import uPlot from '../vendor/uplot/1.6.30/dist/uPlot.esm.js';
import { h } from './dom.js';

const COLOURS = ['#0b5cad', '#b3261e', '#1a7f37', '#9a6700'];

/** A line chart of `series` ({label, values}) over `days` (ISO dates or instants); returns its container. */
export function lineChart(title, xs, series) {
  const el = h('figure', { class: 'chart', role: 'img', 'aria-label': `${title} chart` }, h('figcaption', {}, title));
  const data = [xs.map(x => Date.parse(x) / 1000), ...series.map(s => s.values.map(Number))];
  const opts = {
    width: 600, height: 220,
    series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2 }))],
    axes: [{}, { size: 60 }],
    scales: { x: { time: true } },
  };
  requestAnimationFrame(() => {
    const plot = new uPlot({ ...opts, width: Math.max(200, el.clientWidth || 600) }, data, el);
    new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 220 })).observe(el);
  });
  return el;
}

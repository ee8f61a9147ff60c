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

/** A bar chart of `values` (numbers) labelled by `labels` (text), with uPlot's bars; returns its container. */
export function barChart(title, labels, values) {
  const el = h('figure', { class: 'chart', role: 'img', 'aria-label': `${title} chart` }, h('figcaption', {}, title));
  const data = [labels.map((_, i) => i), values.map(v => (v === null || v === undefined ? null : Number(v)))];
  const opts = {
    width: 600, height: 220,
    series: [{}, { label: title, stroke: COLOURS[0], fill: `${COLOURS[0]}99`, width: 1, paths: uPlot.paths.bars({ size: [0.7, 64] }) }],
    axes: [{ splits: () => labels.map((_, i) => i), values: (u, splits) => splits.map(i => shorten(labels[i])), rotate: 0 }, { size: 60 }],
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
  };
  requestAnimationFrame(() => {
    const plot = new uPlot({ ...opts, width: Math.max(200, el.clientWidth || 600) }, data, el);
    new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 220 })).observe(el);
  });
  return el;
}

const shorten = label => {
  const text = String(label ?? '');
  return text.length > 14 ? `${text.slice(0, 13)}…` : text;
};

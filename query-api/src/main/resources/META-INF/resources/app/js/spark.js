// Small line charts (sparklines) with uPlot: no axes, no legend, no cursor.
import uPlot from '../vendor/uplot/1.6.30/dist/uPlot.esm.js';
import { h } from './dom.js';

/** A sparkline of `values` (one per bucket), labelled for screen readers with `label` and the values. */
export function sparkline(label, values) {
  const el = h('span', { class: 'spark', role: 'img', 'aria-label': `${label}: ${values.join(', ')}` });
  const data = [values.map((_, i) => i), values.map(Number)];
  requestAnimationFrame(() => new uPlot({
    width: 120, height: 32, legend: { show: false }, cursor: { show: false },
    axes: [{ show: false }, { show: false }], scales: { x: { time: false } },
    series: [{}, { stroke: '#0b5cad', width: 1.5, fill: 'rgba(11, 92, 173, 0.12)', points: { show: false } }],
  }, data, el));
  return el;
}

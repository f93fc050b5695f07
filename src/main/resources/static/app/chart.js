// A small SVG bar chart (no chart library needed for one series of daily figures). Attributes only, no inline
// style: the page's Content-Security-Policy allows none.

const SVG = 'http://www.w3.org/2000/svg';

function node(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** bars: [{label, value}] → an <svg> scaled to its container's width. */
export function barChart(bars, {title}) {
  const width = 640;
  const height = 220;
  const top = 16;
  const bottom = 36;
  const left = 48;
  const plot = height - top - bottom;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const step = (width - left - 8) / Math.max(1, bars.length);
  const svg = node('svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title});
  svg.append(node('title', {}, title));
  svg.append(node('line', {x1: left, y1: top + plot, x2: width - 8, y2: top + plot, class: 'chart-axis'}));
  svg.append(node('text', {x: left - 6, y: top + 4, 'text-anchor': 'end', class: 'chart-label'}, String(max)));
  svg.append(node('text', {x: left - 6, y: top + plot, 'text-anchor': 'end', class: 'chart-label'}, '0'));
  bars.forEach((bar, index) => {
    const barHeight = (bar.value / max) * plot;
    const x = left + index * step + step * 0.15;
    const rect = node('rect', {x, y: top + plot - barHeight, width: Math.max(1, step * 0.7), height: barHeight, class: 'chart-bar'});
    rect.append(node('title', {}, `${bar.label}: ${bar.value}`));
    svg.append(rect);
    if (bars.length <= 10 || index % Math.ceil(bars.length / 10) === 0) {
      svg.append(node('text', {x: x + step * 0.35, y: height - bottom + 16, 'text-anchor': 'middle', class: 'chart-label'},
        String(bar.label).slice(5, 10) || String(bar.label)));
    }
  });
  return svg;
}

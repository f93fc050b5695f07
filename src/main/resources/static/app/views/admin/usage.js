// Usage (issue 14): GET /api/team/usage?from=&to=&group_by=day|agent|user|key → {from, to, group_by, rows, totals};
// a chart per day, a table per agent, user or key with the totals, and the same table as CSV (Accept: text/csv).
// A server without it answers 404/405, and the section says so.

import {api, errorOf, isUnavailable} from '../../api.js';
import {clearError, field, h, showError, unavailable} from '../../dom.js';
import {barChart} from '../../chart.js';

const DAY = 24 * 60 * 60 * 1000;
const GROUPS = [
  {value: 'agent', label: 'Per agent'},
  {value: 'user', label: 'Per member'},
  {value: 'key', label: 'Per API key'},
  {value: 'day', label: 'Per day'},
];
const METRICS = [
  {value: 'generations', label: 'Answers', of: (row) => row.generations},
  {value: 'tokens', label: 'Tokens (in + out)', of: (row) => row.tokens_in + row.tokens_out},
  {value: 'failed', label: 'Failed answers', of: (row) => row.failed},
];
const COLUMNS = [
  {label: 'Answers', of: (row) => row.generations},
  {label: 'Complete', of: (row) => row.completed},
  {label: 'Failed', of: (row) => row.failed},
  {label: 'Stopped', of: (row) => row.stopped},
  {label: 'Tokens in', of: (row) => row.tokens_in},
  {label: 'Tokens out', of: (row) => row.tokens_out},
  {label: 'First token (avg)', of: (row) => milliseconds(row.avg_ttft_ms)},
  {label: 'Duration (avg)', of: (row) => milliseconds(row.avg_duration_ms)},
];

const isoDay = (date) => date.toISOString().slice(0, 10);
const number = new Intl.NumberFormat();

function milliseconds(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function format(value) {
  return typeof value === 'number' ? number.format(value) : value;
}

/** Every day from..to (UTC), with the report's row where there is one: days without use are bars of 0. */
function everyDay(from, to, rows) {
  const byDay = new Map(rows.map((row) => [row.key, row]));
  const days = [];
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= Date.parse(`${to}T00:00:00Z`) && days.length <= 366; day += DAY) {
    const key = isoDay(new Date(day));
    days.push(byDay.get(key) || {key, label: key, generations: 0, completed: 0, failed: 0, stopped: 0,
      chars_in: 0, chars_out: 0, tokens_in: 0, tokens_out: 0, avg_ttft_ms: null, avg_duration_ms: null});
  }
  return days;
}

export function usageSection() {
  const from = h('input', {type: 'date', required: true, value: isoDay(new Date(Date.now() - 29 * DAY)), 'data-testid': 'usage-from'});
  const to = h('input', {type: 'date', required: true, value: isoDay(new Date()), 'data-testid': 'usage-to'});
  const groupBy = h('select', {'data-testid': 'usage-group'}, GROUPS.map((group) => h('option', {value: group.value}, group.label)));
  const metric = h('select', {'data-testid': 'usage-metric', 'aria-label': 'What the chart shows'},
    METRICS.map((choice) => h('option', {value: choice.value}, choice.label)));
  const csv = h('a', {href: '#', class: 'button', 'data-testid': 'usage-csv', download: 'usage.csv'}, 'Download CSV');
  const show = h('button', {type: 'submit', class: 'primary', 'data-testid': 'usage-show'}, 'Show');
  const controls = h('form', {class: 'card inline-form', 'aria-label': 'Usage period'},
    field('From', from), field('To', to), field('Table', groupBy), show);
  const chartSlot = h('div', {class: 'chart-slot', 'data-testid': 'usage-chart'});
  const totalsLine = h('p', {class: 'muted', 'data-testid': 'usage-totals', role: 'status'});
  const tableSlot = h('div', {class: 'table-wrap'});
  const content = h('div', null, controls, totalsLine,
    h('div', {class: 'card'}, h('div', {class: 'section-head'}, h('h2', null, 'Per day'), metric), chartSlot),
    h('div', {class: 'section-head'}, h('h2', null, 'Breakdown'), csv), tableSlot);
  const element = h('div', {'data-testid': 'usage'}, h('h1', null, 'Usage'),
    h('p', {class: 'muted'}, 'Every answer counts, in the chat and through the API. Tokens are n8n’s figures where it reports them, else estimated from the characters. Days are UTC.'),
    content);
  let dayRows = [];
  let period = null;

  const query = (group) => `/api/team/usage?${new URLSearchParams({from: from.value, to: to.value, group_by: group})}`;

  async function refresh() {
    clearError();
    let days;
    let groups;
    try {
      [days, groups] = await Promise.all([api(query('day')), api(query(groupBy.value))]);
    } catch (error) {
      if (isUnavailable(error)) content.replaceChildren(unavailable('Usage figures'));
      else showError(`The usage could not be loaded: ${error.message}`);
      return;
    }
    period = days;
    dayRows = everyDay(days.from, days.to, days.rows || []);
    drawChart();
    const totals = days.totals;
    totalsLine.textContent = `${format(totals.generations)} ${totals.generations === 1 ? 'answer' : 'answers'} from ${days.from} to ${days.to} `
      + `(${format(totals.failed)} failed, ${format(totals.stopped)} stopped), `
      + `${format(totals.tokens_in + totals.tokens_out)} tokens.`;
    tableSlot.replaceChildren(table(groups));
    csv.setAttribute('download', `usage-${groups.group_by}-${groups.from}-${groups.to}.csv`);
  }

  function drawChart() {
    const chosen = METRICS.find((choice) => choice.value === metric.value);
    chartSlot.replaceChildren(dayRows.some((row) => chosen.of(row) > 0)
      ? barChart(dayRows.map((row) => ({label: row.key, value: chosen.of(row)})), {title: `${chosen.label} per day, ${period.from} to ${period.to}`})
      : h('p', {class: 'muted'}, 'Nothing in this period.'));
  }

  function labelOf(row, group) {
    if (row.label) return row.label;
    if (group === 'key') return 'Chat page (no API key)';
    return row.key ? `Deleted (${row.key.slice(0, 8)})` : '–';
  }

  function table(report) {
    const rows = report.rows || [];
    if (!rows.length) return h('p', {class: 'muted', 'data-testid': 'usage-empty'}, 'No usage in this period.');
    const first = GROUPS.find((group) => group.value === report.group_by);
    const heading = {agent: 'Agent', user: 'Member', key: 'API key', day: 'Day'}[report.group_by] || (first ? first.label : '');
    return h('table', {class: 'table numbers'},
      h('thead', null, h('tr', null, h('th', {scope: 'col'}, heading), COLUMNS.map((column) => h('th', {scope: 'col'}, column.label)))),
      h('tbody', null, rows.map((row) => h('tr', {'data-testid': 'usage-row', 'data-key': row.key || ''},
        h('th', {scope: 'row'}, labelOf(row, report.group_by)),
        COLUMNS.map((column) => h('td', null, format(column.of(row))))))),
      h('tfoot', null, h('tr', {'data-testid': 'usage-total'},
        h('th', {scope: 'row'}, 'Total'), COLUMNS.map((column) => h('td', null, format(column.of(report.totals)))))));
  }

  /** The table as CSV: the API writes it for Accept: text/csv, which a plain link cannot ask for. */
  async function download(event) {
    event.preventDefault();
    clearError();
    let response;
    try {
      response = await fetch(query(groupBy.value), {headers: {Accept: 'text/csv'}, credentials: 'same-origin'});
    } catch {
      showError('The CSV could not be downloaded: the server could not be reached.');
      return;
    }
    if (!response.ok) {
      showError(`The CSV could not be downloaded: ${(await errorOf(response)).message}`);
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', {href: url, download: csv.getAttribute('download'), class: 'offscreen'});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    if (from.value > to.value) {
      showError('The first day must not be after the last one.');
      return;
    }
    refresh();
  });
  groupBy.addEventListener('change', refresh);
  metric.addEventListener('change', () => { if (period) drawChart(); });
  csv.addEventListener('click', download);
  refresh();
  return {element};
}

// Usage (issue 14: GET /api/team/usage?from=&to=&group_by=day|agent|user|key): a chart per day and a table per
// agent, user or key. A server without it answers 404/405, and the section says so.

import {api, isUnavailable} from '../../api.js';
import {field, h, showError, unavailable} from '../../dom.js';
import {barChart} from '../../chart.js';

const DAY = 24 * 60 * 60 * 1000;

function rowsOf(result) {
  if (Array.isArray(result)) return result;
  for (const key of ['rows', 'items', 'data', 'usage']) if (result && Array.isArray(result[key])) return result[key];
  return [];
}

const isoDay = (date) => date.toISOString().slice(0, 10);

export function usageSection() {
  const from = h('input', {type: 'date', value: isoDay(new Date(Date.now() - 29 * DAY))});
  const to = h('input', {type: 'date', value: isoDay(new Date())});
  const groupBy = h('select', null, ['agent', 'user', 'key'].map((group) => h('option', {value: group}, `Per ${group}`)));
  const chartSlot = h('div', {class: 'chart-slot'});
  const tableSlot = h('div', {class: 'table-wrap'});
  const controls = h('form', {class: 'card inline-form', 'aria-label': 'Usage period'},
    field('From', from), field('To', to), field('Table', groupBy), h('button', {type: 'submit', class: 'primary'}, 'Show'));
  const content = h('div', null, controls, chartSlot, tableSlot);
  const element = h('div', null, h('h1', null, 'Usage'), content);

  const query = (group) => `/api/team/usage?from=${from.value}&to=${to.value}&group_by=${group}`;

  async function refresh() {
    let days;
    let groups;
    try {
      [days, groups] = await Promise.all([api(query('day')), api(query(groupBy.value))]);
    } catch (error) {
      if (isUnavailable(error)) content.replaceChildren(unavailable('Usage figures'));
      else showError(`Usage could not be loaded: ${error.message}`);
      return;
    }
    const dayRows = rowsOf(days);
    const metric = dayRows.length ? Object.keys(dayRows[0]).find((key) => typeof dayRows[0][key] === 'number') : null;
    const label = dayRows.length ? Object.keys(dayRows[0]).find((key) => typeof dayRows[0][key] === 'string') : null;
    chartSlot.replaceChildren(metric
      ? barChart(dayRows.map((row) => ({label: row[label], value: row[metric]})), {title: `${metric.replaceAll('_', ' ')} per day`})
      : h('p', {class: 'muted'}, 'No usage in this period.'));
    tableSlot.replaceChildren(table(rowsOf(groups)));
  }

  function table(rows) {
    if (!rows.length) return h('p', {class: 'muted'}, 'No usage in this period.');
    const columns = Object.keys(rows[0]);
    return h('table', {class: 'table'},
      h('thead', null, h('tr', null, columns.map((column) => h('th', null, column.replaceAll('_', ' '))))),
      h('tbody', null, rows.map((row) => h('tr', null, columns.map((column) =>
        h('td', null, row[column] === null || row[column] === undefined ? '' : String(row[column])))))));
  }

  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    refresh();
  });
  refresh();
  return {element};
}

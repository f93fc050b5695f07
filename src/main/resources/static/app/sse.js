// Server-Sent Events read from a fetch response, so that a POST can stream (EventSource only does GET and cannot
// set headers). Each event is {id, type, data}: the gateway sends one JSON "data:" line {"type", "data"} per event.

const BOUNDARY = /\r\n\r\n|\n\n|\r\r/;

export async function* readEvents(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, {stream: true});
      for (let match = BOUNDARY.exec(buffer); match; match = BOUNDARY.exec(buffer)) {
        const block = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        const event = parse(block);
        if (event) yield event;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function parse(block) {
  let id = null;
  const data = [];
  for (const line of block.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue; // ": keep-alive" heartbeats
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'id') id = value;
    else if (name === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  try {
    const payload = JSON.parse(data.join('\n'));
    return {id, type: payload.type, data: payload.data || {}};
  } catch {
    return null;
  }
}

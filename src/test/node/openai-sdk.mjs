// Drives the gateway's OpenAI-compatible API with the official openai package, as any OpenAI client would.
// Run by io.chatgateway.openai.OpenAiSdkTest, which starts the gateway and a scripted n8n and checks what n8n
// received. Environment: BASE_URL (http://localhost:<port>/v1), API_KEY, MODEL, REVOKED_KEY.
// Prints one JSON object with what the SDK returned or threw; the Java test asserts on it.
import OpenAI from 'openai';

const { BASE_URL, API_KEY, MODEL, REVOKED_KEY } = process.env;
const client = new OpenAI({ baseURL: BASE_URL, apiKey: API_KEY, maxRetries: 0, timeout: 30_000 });
const result = {};

/** What an SDK error says: its class, status and OpenAI error fields. */
function failure(error) {
  return {
    class: error.constructor.name,
    status: error.status ?? null,
    type: error.type ?? null,
    code: error.code ?? null,
    param: error.param ?? null,
    message: error.message,
  };
}

async function attempt(name, call) {
  try {
    result[name] = { ok: await call() };
  } catch (error) {
    result[name] = { error: failure(error) };
  }
}

await attempt('models', async () => {
  const page = await client.models.list();
  return page.data;
});

await attempt('model', async () => client.models.retrieve(MODEL));

await attempt('completion', async () => {
  const completion = await client.chat.completions.create({
    model: MODEL,
    messages: [{ role: 'user', content: 'Say hello' }],
  });
  return { id: completion.id, object: completion.object, model: completion.model,
           content: completion.choices[0].message.content, role: completion.choices[0].message.role,
           finish_reason: completion.choices[0].finish_reason, usage: completion.usage };
});

await attempt('stream', async () => {
  const stream = await client.chat.completions.create({
    model: MODEL,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Stream hello' }],
  });
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  return {
    ids: [...new Set(chunks.map((chunk) => chunk.id))],
    first_delta: chunks[0].choices[0].delta,
    content: chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join(''),
    finish_reasons: chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null).filter((reason) => reason),
    usage: chunks[chunks.length - 1].usage,
    last_choices: chunks[chunks.length - 1].choices,
    count: chunks.length,
  };
});

// a conversation of several turns, as chat front ends send it: the whole history every time
await attempt('conversation', async () => {
  const messages = [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'My name is Ada.' },
  ];
  const first = await client.chat.completions.create({ model: MODEL, messages, user: 'ada-session' });
  messages.push(first.choices[0].message);
  messages.push({ role: 'user', content: [{ type: 'text', text: 'What is my name?' }] });
  const second = await client.chat.completions.create({ model: MODEL, messages, user: 'ada-session' });
  return { first: first.choices[0].message.content, second: second.choices[0].message.content };
});

await attempt('unknownModel', async () => client.chat.completions.create({
  model: 'no-such-agent', messages: [{ role: 'user', content: 'Hi' }] }));

await attempt('badRequest', async () => client.chat.completions.create({
  model: MODEL, n: 2, messages: [{ role: 'user', content: 'Hi' }] }));

await attempt('badKey', async () => new OpenAI({ baseURL: BASE_URL, apiKey: 'cgw_aaaaaaaaaaaa_' + 'A'.repeat(32), maxRetries: 0 })
  .models.list());

await attempt('revokedKey', async () => new OpenAI({ baseURL: BASE_URL, apiKey: REVOKED_KEY, maxRetries: 0 })
  .chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }] }));

// cancelling a stream mid-answer: the gateway must stop the generation
await attempt('cancel', async () => {
  const stream = await client.chat.completions.create({
    model: MODEL, stream: true, messages: [{ role: 'user', content: 'Tell me a long story' }] });
  let id = null;
  let content = '';
  for await (const chunk of stream) {
    id = chunk.id;
    content += chunk.choices[0]?.delta?.content ?? '';
    if (content.length > 0) {
      stream.controller.abort();
      break;
    }
  }
  return { id, content };
});

console.log(JSON.stringify(result));

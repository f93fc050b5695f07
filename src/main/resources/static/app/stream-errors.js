// Every "code" an error event of the answer stream can carry (README, "Streaming a message"), as a sentence for
// the person who sent the message.

const SENTENCES = {
  connect_timeout: 'The agent’s server did not accept the connection in time. Try again in a moment.',
  first_byte_timeout: 'The agent took too long to start answering. Try again, or ask a team admin to check the agent.',
  idle_timeout: 'The agent went quiet in the middle of its answer for too long, so the answer was cut off.',
  total_timeout: 'The answer took longer than this agent is allowed, so it was cut off.',
  upstream_unreachable: 'The agent’s server could not be reached. It may be down; try again later.',
  upstream_broken: 'The connection to the agent broke while it was answering.',
  upstream_status: 'The agent’s server answered with an error instead of an answer.',
  upstream_error: 'The agent reported an error while answering.',
  invalid_answer: 'The agent sent something that is not an answer this gateway can read.',
  empty_answer: 'The agent finished without saying anything.',
  line_too_long: 'The agent sent a piece of its answer that was too long to handle.',
  answer_too_large: 'The answer grew larger than this gateway allows, so it was cut off.',
  overloaded: 'The server is holding as many answers as it can, so this one was cut off. What was written so far is saved.',
  shutdown: 'The server restarted while the agent was answering. What was written so far is saved; send your message again.',
  // servers before generations: the user message's commit failed
  message_not_saved: 'Your message could not be saved, so the agent did not answer it. Please send it again.',
  stopped: 'The answer was stopped.',
  internal_error: 'The gateway failed while relaying the answer. Try again; if it keeps happening, tell your team admin.',
};

export function sentenceFor(code) {
  return SENTENCES[code] || 'Something went wrong while the agent was answering.';
}

export const KNOWN_CODES = Object.keys(SENTENCES);

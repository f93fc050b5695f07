package io.chatgateway.relay;

/** Receives the answer text piece by piece, the moment a reader has it. */
interface AnswerListener {

    void text(String piece);
}

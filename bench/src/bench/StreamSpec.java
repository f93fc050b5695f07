package bench;

/** What the mock streams for one answer: {@code tokens} pieces, one every {@code delayMs}, the first after {@code ttftMs}. */
record StreamSpec(String mode, int tokens, int delayMs, int ttftMs) {

    String webhookPath() {
        return "/webhook/" + mode + "/" + tokens + "/" + delayMs + "/" + ttftMs;
    }

    /** how long the mock takes to send the whole answer */
    long answerMillis() {
        return ttftMs + (long) Math.max(0, tokens - 1) * delayMs;
    }

    @Override
    public String toString() {
        return tokens + " tokens × " + delayMs + " ms (" + mode + ", first after " + ttftMs + " ms)";
    }
}

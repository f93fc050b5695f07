package bench;

/** One virtual client: its connection and the request paths it sends in turn (a gateway lane: its user's chats). */
record Lane(Client client, String[] paths, String body) {

    /** one streamed answer; a complete answer has exactly {@code expected} pieces */
    Client.Result stream(int round, int expected) {
        Client.Result r = client.exchange("POST", paths[round % paths.length], "application/json",
                "text/event-stream", body, false);
        if (r.ok() && r.messages != expected) {
            r.error = "incomplete answer: " + r.messages + " of " + expected + " pieces";
        }
        return r;
    }

    static void closeAll(Iterable<Lane> lanes) {
        for (Lane lane : lanes) {
            lane.client().close();
        }
    }
}
